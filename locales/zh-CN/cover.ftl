# cover messages (zh-CN): the header and sign-off lines of a report. Every id has a translation in the other locale.
