# ticket messages (zh-CN). Every id has a translation in the other locale.
