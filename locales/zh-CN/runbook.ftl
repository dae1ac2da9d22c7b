# 故障处理流程（runbook）消息（简体中文）。每个 id 都须与 locales/en/runbook.ftl 一一对应。
# 流程本身的文字在 runbooks/*.toml 的 text_zh 等字段中。用词依照 docs/glossary-zh.md。

## 处理过程

runbook-not-entered = （未填写）
runbook-vendor-engineer = 厂家维护工程师
runbook-check-by-hand = { $text }（无法自动检查：{ $reason }）请人工检查：是否成立？
runbook-by-hand-ok = ok：成立（人工检查）
runbook-by-hand-fail = fail：不成立
runbook-quit-at = 在步骤“{ $step }”退出
runbook-not-run = 未执行：{ $why }
runbook-privileged-not-confirmed = 特权命令：须由工程师在终端上确认后才会执行

runbook-no-bmc = 清单中没有与 { $target } 关联的BMC（[[bmc]] host = "{ $target }"）
runbook-no-ups = 清单中没有与 { $target } 关联的UPS（[[ups]] hosts = ["{ $target }"]）

## 终端提示

runbook-heading-do = ── { $step }（请操作，然后报告结果）
runbook-heading-by-hand = ── { $step }（请人工检查，然后报告结果）
runbook-heading = ── { $step }
runbook-back = ← 返回上一步
runbook-quit = ✗ 退出（保留未完成的记录）
runbook-input-hint-back = （输入 :back 返回上一步，:quit 退出）
runbook-input-hint = （输入 :quit 退出）
runbook-privileged-heading = ── { $step }（特权命令：未证明为只读）
runbook-privileged-command = 命令：{ $command }
runbook-privileged-confirm = 是否在 { $target } 上执行此命令？
runbook-pick = 是哪一类故障？

## ops runbook show

runbook-tree-symptoms = 故障现象：{ $symptoms }
runbook-tree-symptoms-separator = ；
runbook-tree-source = 来源：{ $file }
runbook-tree-question = 【询问】
runbook-tree-do = 【操作】
runbook-tree-check = 【自动检查】
runbook-tree-resolved = 【已解决】
runbook-tree-escalate = 【上报{ $to }】
runbook-tree-handover = {" "}— 移交材料：{ $items }
runbook-tree-see-above = （见上文）
runbook-probe = 检查项 { $name }
runbook-probe-args = 检查项 { $name } { $args }
runbook-probe-device = 设备检查项 { $name }
runbook-probe-privileged = 特权命令：{ $command }
runbook-probe-command = 命令：{ $command }
runbook-mermaid-escalate = 上报

## ops runbook list 与 check

runbook-list-col-id = 编号
runbook-list-col-title = 故障处理流程
runbook-list-col-steps = 步骤数
runbook-list-col-outcomes = 结论数
runbook-list-col-source = 来源
runbook-builtin = 内置
runbook-overrides = { $path }（替代内置流程）
runbook-not-usable = { $file } 无法使用（{ $n } 处错误）：请运行 `ops runbook check`
runbook-untranslated = { $file }：有 { $n } 处文字缺少中文翻译（{ $first }）；中文处理过程中这些文字以英文显示

## ops diagnose

runbook-walk-start = { $id }：{ $title }（检查在 { $target } 上执行）
runbook-walk-checking = ── { $step }（自动检查）：{ $text }
runbook-walk-checked = 检查 { $step }：{ $mark }：{ $reason }
runbook-mark-ok = 正常
runbook-mark-fail = 不正常
runbook-mark-cannot = 无法检查
runbook-walk-back = 返回 { $step }
runbook-summary-resolved = { $id }（{ $target }）：已解决
runbook-summary-escalate = { $id }（{ $target }）：上报{ $to }
runbook-summary-incomplete = { $id }（{ $target }）：未完成，停在步骤“{ $step }”
runbook-summary-handover = 移交材料：
runbook-summary-path = 处理路径：{ $path }
runbook-summary-ticket = 任务单：{ $ticket }
runbook-recorded = 已记录 { $path }{ $commit }
runbook-recorded-commit = （提交 { $commit }）
runbook-nothing-recorded = 未记录：处理过程因缺少回答而停止；请补上回答后重新运行
