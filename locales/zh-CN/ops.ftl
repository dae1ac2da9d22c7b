# ops 的简体中文消息。用词依照客户维护规程（维护任务单、故障级别、回访、客户代表签字确认等）。
# 每个消息 id 都须与 locales/en/ops.ftl 一一对应（src/i18n.rs 的单元测试会比较两个文件）。

## 通用

lang-name = 简体中文
label-value = { $label }：{ $value }
list-separator = 、
duration-days = { $n }天
duration-hours = { $n }小时
duration-minutes = { $n }分钟

## 任务单用词

ticket-status-open = 处理中
ticket-status-on-hold = 挂起
ticket-status-closed = 已关闭

ticket-severity-I = I级（紧急问题）
ticket-severity-II = II级（严重问题）
ticket-severity-III = III级（较严重问题）
ticket-severity-IV = IV级（普通问题）

ticket-channel-hotline = 热线支持
ticket-channel-web = WEB支持
ticket-channel-remote = 远程维护
ticket-channel-on-site = 现场服务
ticket-channel-letter-fax = 信函、传真服务
ticket-channel-return-visit = 回访服务
ticket-channel-software-fix = 软件更版
ticket-channel-software-upgrade = 软件升级
ticket-channel-outsourcing = IT外包
ticket-channel-platform = 平台维护

ticket-category-consultation = 咨询
ticket-category-defect-technical = 缺陷（技术问题）
ticket-category-defect-business = 缺陷（业务问题）
ticket-category-defect-operation = 缺陷（操作问题）

ticket-cause-hardware = 硬件故障
ticket-cause-software = 软件故障
ticket-cause-network = 网络故障
ticket-cause-configuration = 配置问题
ticket-cause-operation = 操作问题
ticket-cause-environment = 环境问题（电源、空调、机房）
ticket-cause-external = 外部原因（运营商、厂家、第三方）
ticket-cause-no-fault = 非故障
ticket-cause-unknown = 原因不明

ticket-part-disk = 硬盘
ticket-part-power-supply = 电源
ticket-part-fan = 散热风扇
ticket-part-memory = 内存
ticket-part-cpu = CPU
ticket-part-mainboard = 系统板
ticket-part-controller = 磁盘阵列控制器
ticket-part-nic = 网卡
ticket-part-battery = 电池
ticket-part-module = 模块
ticket-part-cable = 线缆
ticket-part-other = 其他

ticket-event-created = 受理登记
ticket-event-note = 备注
ticket-event-assigned = 指派工程师
ticket-event-severity = 故障级别变更
ticket-event-hold = 挂起
ticket-event-resume = 恢复处理
ticket-event-responded = 已响应
ticket-event-planned = 已提交故障处理方案
ticket-event-plan = 故障处理方案确认
ticket-event-visit = 现场服务
ticket-event-feedback = 回访
ticket-event-closed = 关闭
ticket-event-linked = 关联记录
ticket-event-part = 更换部件

ticket-clock-running = 计时中
ticket-clock-paused = 暂停计时
ticket-clock-overdue = 已超时
ticket-clock-met = 按时完成
ticket-clock-breached = 超时完成

ticket-onsite-due = 待到场
ticket-onsite-overdue = 到场已超时
ticket-onsite-met = 按时到场
ticket-onsite-missed = 到场超时
ticket-onsite-not-needed = 无需到场

ticket-return-visit-later = 未到回访时间
ticket-return-visit-due = 待回访
ticket-return-visit-done = 已回访

## 维护任务单（ops ticket sheet）

sheet-title = 维护任务单 { $id }
sheet-printed = 由 ops 于 { $at } 生成
sheet-none = —
sheet-yes = 是
sheet-no = 否

sheet-section-request = 客户维护请求
sheet-field-id = 任务单号
sheet-field-status = 状态
sheet-field-customer = 客户名称
sheet-field-site = 地点
sheet-field-targets = 维护对象（系统、设备）
sheet-field-severity = 故障级别
sheet-severity-changed = { $now }（受理时为{ $received }）
sheet-field-category = 问题类型
sheet-field-channel = 服务方式
sheet-field-received = 受理时间
sheet-field-expected = 客户期望解决时间
sheet-field-contact = 报告人（联系人）
sheet-field-phone = 联系电话
sheet-field-engineer = 维护工程师
sheet-field-problem = 问题描述
sheet-field-hold = 挂起
sheet-hold-since = 自 { $since } 起：{ $reason }

sheet-section-deadlines = 服务时限
sheet-deadlines-intro = 计时方式：{ $calendar }；挂起时长：{ $hold }。
sheet-calendar = 按工作日历 { $name } 计时
sheet-calendar-24x7 = 全天候（7×24小时）
sheet-col-clock = 时限
sheet-col-allowed = 允许时长
sheet-col-due = 截止时间
sheet-col-done = 完成时间
sheet-col-state = 状态
sheet-clock-respond = 响应时间
sheet-clock-plan = 提交故障处理方案
sheet-clock-resolve = 故障解决时间
sheet-clock-onsite = 工程师到场
sheet-clock-return-visit = 回访
sheet-resolve-by-agreed = 故障解决时间按方案约定的时间 { $agreed } 考核（服务协议规定的时限为 { $sla }）。
sheet-resolve-by-sla = 故障解决时间按服务协议规定的时限 { $sla } 考核；方案约定的时间 { $agreed } 不晚于该时限。

sheet-section-plan = 故障处理方案
sheet-plan-none = 尚未提交故障处理方案。
sheet-plan-given = 已于 { $at } 提交故障处理方案，方案内容未记录。
sheet-field-solution = 处理方案
sheet-field-agreed-time = 约定解决时间
sheet-field-agreed-by = 客户确认人
sheet-field-agreed-at = 确认时间

sheet-section-actions = 处理过程
sheet-col-time = 时间
sheet-col-by = 记录人
sheet-col-event = 事项
sheet-col-details = 内容
sheet-event-severity = { $from } → { $to }
sheet-event-plan = { $solution }（客户确认人：{ $by }；约定解决时间：{ $time }）
sheet-event-visit = { $engineer }：{ $summary }
sheet-event-feedback = { $called }，客户满意度 { $score }分（满分5分）
sheet-event-closed = { $resolution }（故障原因：{ $cause }；客户确认人：{ $by }）
sheet-event-part = { $kind } { $model }，序列号 { $removed } → { $installed }

sheet-section-visits = 现场服务记录
sheet-visits-none = 无现场服务。
sheet-col-arrived = 到达时间
sheet-col-departed = 离开时间
sheet-col-engineer = 工程师
sheet-col-summary = 工作内容

sheet-section-parts = 更换部件（缺坏件）
sheet-parts-none = 未更换部件。
sheet-col-kind = 部件
sheet-col-model = 型号
sheet-col-removed = 拆下部件序列号
sheet-col-installed = 装上部件序列号
sheet-col-fault = 故障现象
sheet-col-returned = 是否返厂

sheet-section-resolution = 处理结果
sheet-not-closed = 尚未关闭。
sheet-field-closed = 关闭时间
sheet-field-closed-by = 关闭人
sheet-field-resolution = 解决情况
sheet-field-cause = 故障原因
sheet-field-parts = 关闭时登记的部件
sheet-field-confirmed-by = 客户确认人

sheet-section-feedback = 回访记录
sheet-field-feedback-at = 回访时间
sheet-field-called = 回访对象
sheet-field-satisfaction = 客户满意度
sheet-satisfaction = { $score }分（满分5分）
sheet-field-comment = 客户意见

sheet-section-signatures = 签字确认
sheet-sign-engineer = 维护工程师签字
sheet-sign-customer = 客户代表签字
sheet-sign-date = 日期
