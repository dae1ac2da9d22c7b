# cover messages (zh-CN): the header and sign-off lines of a report. Every id has a translation in the other locale.

cover-item = 项目
cover-content = 内容
cover-company = 维护单位
cover-customer = 客户名称
cover-contract = 合同编号
cover-period = 报告周期
cover-author = 编写人
cover-reviewer = 审核人
cover-sign-off = 签字确认
cover-role = 角色
cover-name = 姓名
cover-signature = 签字
cover-date = 日期
cover-engineer = 维护工程师
cover-director = 技术总监
cover-customer-representative = 客户代表
