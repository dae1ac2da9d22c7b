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

## 检查结果（src/runbook/probe/verdict.rs）；工具本身输出的内容保持原样

probe-timed-out = 检查未在规定时间内完成
probe-not-installed = 未安装 { $program }
probe-needs-missing = 所需的程序未安装
probe-needs-unusable = 所需的程序无法执行
probe-up = 已启用
probe-admin-down = 被管理性关闭
probe-carrier = 有链路信号
probe-no-carrier = 无链路信号
probe-resolves = { $name } 解析为 { $addr }
probe-no-nameserver = /etc/resolv.conf 中没有DNS服务器
probe-nameservers = DNS服务器 { $servers }
probe-no-resolve = { $name } 无法解析（{ $via }）
probe-answers = { $host } 有应答（{ $stats }）
probe-no-reply = { $host } 无应答
probe-ping-cannot-send = ping 无法发送：{ $why }
probe-ping-failed = ping 失败
probe-cannot-ping = 无法 ping { $host }：{ $why }
probe-no-gateway = 没有IPv4默认网关
probe-gateway-answers = 网关 { $gw } 有ping应答
probe-gateway-silent = 网关 { $gw } 无ping应答
probe-gateway-cannot-ping = 无法 ping 网关 { $gw }：{ $why }
probe-gateway-neighbour = 网关 { $gw } 在邻居表中（{ $state }）；{ $why }，因此未 ping
probe-gateway-no-arp = 网关 { $gw } 无ARP应答（邻居表项 { $state }）；{ $why }
probe-gateway-unknown = 网关 { $gw } 未 ping（{ $why }），且邻居表中没有它的表项
probe-link-unreadable = 无法读取网卡列表：{ $why }
probe-no-interface = 没有网卡 { $name }
probe-link-state = { $name } { $state }
probe-no-nic = 除回环接口外没有网卡
probe-every-interface = 所有网卡均{ $state }：{ $names }
probe-some-interfaces = { $state }：{ $names }
probe-any-interface = 所有网卡
probe-address = IP地址：{ $found }
probe-link-local-only = { $what } 只有链路本地地址：{ $addrs }
probe-no-address = { $what } 没有IP地址
probe-route-down = 默认路由所在的链路已断开：{ $route }
probe-no-route = 没有默认路由
probe-unbound = 未加载驱动的网络控制器：{ $pci }
probe-unbound-note = ；{ $unbound }
probe-no-interface-driver = 没有网卡 { $name }（未加载驱动的网卡不会出现）{ $note }
probe-no-driver = { $name } 未加载驱动{ $note }
probe-no-driver-list = 未加载驱动：{ $names }{ $note }
probe-no-file-nr = 无法读取 /proc/sys/fs/file-nr
probe-file-handles = 文件句柄 { $open }/{ $max }
probe-tcp-sockets = ，TCP连接 { $inuse } 个使用中、{ $tw } 个TIME-WAIT，本地端口共 { $range } 个
probe-tcp-problem = TCP连接 { $n }/{ $range } 个本地端口
probe-exhausted = 资源即将耗尽：{ $problems }
probe-listing-failed = 列出失败
probe-firewall-unlisted = 无法列出防火墙规则：{ $why }
probe-no-firewall-tool = 未安装防火墙工具，因此本机没有配置防火墙
probe-no-blocking = 没有丢弃或拒绝流量的规则
probe-blocking = 有 { $n } 条规则丢弃或拒绝流量，例如 { $rule }

## 运行流程自带命令的检查（src/runbook/walk.rs）

probe-command-timed-out = 未在 { $secs } 秒内完成
probe-command-exited = 退出码 { $code }
probe-command-signal = 信号
probe-command-no-match = 输出不匹配 /{ $re }/
probe-command-rejected = 输出包含“{ $text }”

## BMC 或 UPS 的检查结果（src/runbook/probe/device.rs）；设备自身的信息保持原样

device-ups-silent = UPS 无应答（{ $why }）
device-bmc-silent = BMC 无应答（{ $why }）：服务器没有待机电源，或BMC的网络不通
device-log = 日志：{ $events }
device-ups-voltage = ，输入电压 { $v } V
device-ups-on-battery = 电池供电，无市电输入（状态 { $status }{ $input }）
device-unknown = 未知
device-bmc-power-ok = { $names } 有应答：电源状态 { $states }，电源模块无故障
device-bmc-events-ok = { $names }：没有警告或严重级别的日志记录
device-bmc-memory-ok = { $names }：没有内存或显卡事件
device-ups-ok = { $names }：市电供电
