# 任务单消息（简体中文）：ops ticket show 与 ops ticket list（src/ticket/text.rs）。
# 每个 id 都须与 locales/en/ticket.ftl 一一对应；任务单用词（状态、故障级别、服务方式、
# 计时状态等）在 ops.ftl 中。用词依照 docs/glossary-zh.md。

ticket-duration-seconds = { $n }秒
ticket-none = （无）
ticket-never = 无
ticket-never-due = 无截止时间
ticket-due-in = 剩余 { $left }（{ $due } 截止）
ticket-overdue-by = 已超时 { $late }（{ $due } 截止）

## 计时状态

ticket-clock-running-due = 计时中，{ $due }
ticket-clock-running-never = 计时中，无截止时间
ticket-clock-paused-left = 暂停计时，剩余 { $left }
ticket-clock-met-at = 按时完成（{ $at }）
ticket-clock-breached-by = 超时完成，超出 { $late }（{ $at }）

## ops ticket list

ticket-list-col-id = 任务单号
ticket-list-col-severity = 故障级别
ticket-list-col-status = 状态
ticket-list-col-customer = 客户名称
ticket-list-col-engineer = 维护工程师
ticket-list-col-due = 最近时限
ticket-list-col-problem = 问题描述
ticket-list-col-onsite = 工程师到场
ticket-list-col-return-visit = 回访
ticket-list-severity = { $sev }级
ticket-list-all-met = 全部按时完成
ticket-list-missed = 超时：{ $clocks }
ticket-list-due-since = 已到回访时间 { $late }（{ $due }）
ticket-list-visit-done = 已回访（{ $at }）
ticket-list-rating = { $customer } { $average }/5（{ $feedbacks }次回访）
ticket-list-satisfaction = 客户满意度：{ $ratings }
ticket-list-listed = 共列出 { $n } 张任务单，其中 { $overdue } 张已超时
ticket-list-none = 没有符合条件的任务单
ticket-list-damaged = 已跳过损坏的任务单文件 { $file }

## ops ticket show

ticket-show-severity = 故障级别 { $sev }
ticket-show-severity-changed = 故障级别 { $sev }（受理时为{ $received }）
ticket-show-customer = 客户名称
ticket-show-contact = 报告人（联系人）
ticket-show-channel = 服务方式
ticket-show-category = 问题类型
ticket-show-targets = 维护对象
ticket-show-engineer = 维护工程师
ticket-show-received = 受理时间
ticket-show-expected = 客户期望解决时间
ticket-show-problem = 问题描述
ticket-show-on-hold = 挂起
ticket-show-closed = 关闭时间
ticket-show-closed-by = { $at }，关闭人：{ $by }
ticket-show-resolution = 解决情况
ticket-show-cause = 故障原因
ticket-show-parts = 更换部件
ticket-show-parts-separator = ；
ticket-show-confirmed-by = 客户确认人
ticket-show-linked = 关联记录
ticket-show-sla = 服务时限（{ $calendar }；挂起时长 { $hold }{ $class }）
ticket-show-calendar = 按工作日历 { $name } 计时
ticket-show-calendar-24x7 = 全天候（7×24小时）
ticket-show-class = ；客户类别 { $class }
ticket-show-col-clock = 时限
ticket-show-col-allowed = 允许时长
ticket-show-col-due = 截止时间
ticket-show-col-state = 状态
ticket-show-parts-replaced = 更换部件（缺坏件）
ticket-show-col-at = 时间
ticket-show-col-kind = 部件
ticket-show-col-model = 型号
ticket-show-col-removed = 拆下部件序列号
ticket-show-col-installed = 装上部件序列号
ticket-show-col-fault = 故障现象
ticket-show-col-to-vendor = 是否返厂
ticket-show-agreed = 故障解决时间：约定 { $at }，客户确认人 { $by }（服务协议时限 { $sla }；{ $judged }）
ticket-show-judged-agreed = 按约定时间考核
ticket-show-judged-sla = 约定时间不晚于服务协议时限，仍按服务协议考核
ticket-show-onsite = 工程师到场（{ $allowed }）：{ $state }{ $at }
ticket-show-onsite-arrived = ，到达时间 { $at }
ticket-show-onsite-due = ，截止 { $at }
ticket-show-return-visit = 回访：{ $state }（{ $due } 截止）{ $rated }
ticket-show-rated = ，{ $called } 评分 { $score }/5
ticket-show-log = 处理过程
