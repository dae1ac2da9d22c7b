# ops host collection script (format 1).
#
# Read by `sh -s` on the target, as an unprivileged user, through one exec.
# It only reads: no file is written, nothing is started, nothing prompts.
# The hardware sections (hw-raid, smart, ipmi) run their vendors' tools with
# read-only subcommands only, as root or, with OPS_HW_SUDO=1, through
# `sudo -n` (which fails rather than prompts).
# Every command that could block is bounded (`timeout` when it exists, ping
# waits one second). Output is a series of sections:
#
#   @@ops begin NAME
#   ...what the commands printed on stdout...
#   @@ops n/a REASON          (only when the section does not apply)
#   @@ops stderr              (only when something was printed on stderr)
#   ...stderr...
#   @@ops end NAME rc=N
#
# framed by `@@ops collect 1` and `@@ops done`. Marker lines are preceded by
# an extra newline so that output without a final newline stays apart; the
# parser drops that empty line. Sub-commands inside a section print
# `run TAG RC` followed by their output (stdout and stderr) as `| LINE`.
#
# The whole script is one function called on the last line, so the shell has
# read all of it before anything runs, and every command gets /dev/null as
# stdin instead of the rest of the script.

# Names to resolve, space-separated; `ops` replaces this line with names it
# has checked to be plain host names. Empty: the host's own name.
OPS_RESOLVE=''
# 0 skips the pending-updates check (check_security_updates = false).
OPS_UPDATES=1
# 0 judges gateways by the neighbour table alone, sending nothing (gateway_ping = false).
OPS_PING=1
# 1 runs the hardware tools (RAID controllers, smartctl, ipmitool) through
# `sudo -n` when not root (hw_sudo = true); 0 runs them only as root.
OPS_HW_SUDO=0

ops_main() {
	LC_ALL=C
	LANG=C
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
	SYSTEMD_PAGER=cat
	PAGER=cat
	export LC_ALL LANG PATH SYSTEMD_PAGER PAGER
	unset LANGUAGE LC_MESSAGES 2>/dev/null
	set -f
	OPS_NL='
'
	# T bounds quick commands, TL the package managers and the journal.
	T=
	TL=
	if command -v timeout >/dev/null 2>&1; then
		if timeout -k 2 5 true >/dev/null 2>&1; then
			T='timeout -k 2 5'
			TL='timeout -k 2 30'
		elif timeout 5 true >/dev/null 2>&1; then
			T='timeout 5'
			TL='timeout 30'
		elif timeout -t 5 true >/dev/null 2>&1; then
			T='timeout -t 5'
			TL='timeout -t 30'
		fi
	fi
	OPS_SYSTEMD=
	[ -d /run/systemd/system ] && OPS_SYSTEMD=yes
	OPS_UID=$(id -u 2>/dev/null)

	printf '@@ops collect 1\n'
	ops_section meta ops_meta
	ops_section os-release ops_os_release
	ops_section kernel uname -r
	ops_section hostname uname -n
	ops_section nproc ops_nproc
	ops_section uptime ops_cat /proc/uptime
	ops_section loadavg ops_cat /proc/loadavg
	ops_section stat ops_stat
	ops_section meminfo ops_cat /proc/meminfo
	ops_section df ops_df
	ops_section df-inodes ops_df_inodes
	ops_section mdstat ops_mdstat
	ops_section ip-link ops_ip -o link show
	ops_section ip-addr ops_ip -o addr show
	ops_section net-sys ops_net_sys
	ops_section route4 ops_ip -4 route show
	ops_section route6 ops_ip -6 route show
	ops_section ifconfig ops_ifconfig
	ops_section route-n ops_route_n
	ops_section gateway ops_gateway
	ops_section resolve ops_resolve
	ops_section errlog ops_errlog
	ops_section mail ops_mail
	ops_section services ops_services
	ops_section timesync ops_timesync
	ops_section updates ops_updates
	ops_section password ops_password
	ops_section mac ops_mac
	ops_section accounts ops_accounts
	ops_section hw-raid ops_hw_raid
	ops_section smart ops_smart
	ops_section ipmi ops_ipmi
	printf '@@ops done\n'
}

# ops_section NAME COMMAND [ARG...]: run COMMAND with its stdout passed
# through and its stderr and exit status captured, then print the trailer.
ops_section() {
	_ops_name=$1
	shift
	printf '@@ops begin %s\n' "$_ops_name"
	_ops_err=$({
		"$@"
		printf '\n@@ops-rc %s' "$?" >&2
	} 2>&1 1>&3 3>&-)
	_ops_rc=${_ops_err##*@@ops-rc }
	_ops_err=${_ops_err%"$OPS_NL"@@ops-rc *}
	_ops_err=${_ops_err%"$OPS_NL"}
	if [ -n "$_ops_err" ]; then
		printf '\n@@ops stderr\n%s\n' "$_ops_err"
	fi
	printf '\n@@ops end %s rc=%s\n' "$_ops_name" "$_ops_rc"
}

ops_na() {
	printf '@@ops n/a %s\n' "$*"
}

ops_have() {
	command -v "$1" >/dev/null 2>&1
}

# Prefix every line read on stdin with `| `.
ops_prefix() {
	while IFS= read -r _l || [ -n "$_l" ]; do
		printf '| %s\n' "$_l"
	done
}

# ops_run TAG COMMAND [ARG...]: `run TAG RC`, then the output as `| LINE`.
ops_run() {
	_tag=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	printf 'run %s %s\n' "$_tag" "$_rc"
	[ -n "$_out" ] && printf '%s\n' "$_out" | ops_prefix
	return 0
}

ops_cat() {
	cat "$1"
}

ops_meta() {
	printf 'format=1\n'
	printf 'uid=%s\n' "$(id -u 2>/dev/null)"
	if [ -n "$T" ]; then printf 'timeout=%s\n' "$T"; else printf 'timeout=none\n'; fi
	printf 'systemd=%s\n' "${OPS_SYSTEMD:-no}"
}

ops_os_release() {
	if [ -r /etc/os-release ]; then
		cat /etc/os-release
	elif [ -r /usr/lib/os-release ]; then
		cat /usr/lib/os-release
	else
		echo 'no /etc/os-release or /usr/lib/os-release' >&2
		return 1
	fi
}

ops_nproc() {
	if ops_have nproc; then
		nproc
	elif ops_have getconf; then
		getconf _NPROCESSORS_ONLN
	else
		grep -c '^processor' /proc/cpuinfo
	fi
}

ops_stat() {
	while IFS= read -r _l; do
		case $_l in
		'cpu '*)
			printf '%s\n' "$_l"
			return 0
			;;
		esac
	done </proc/stat
	echo 'no cpu line in /proc/stat' >&2
	return 1
}

ops_df() {
	_o=$($T df -P -B1 -T)
	_rc=$?
	if [ -z "$_o" ] && [ $_rc -ne 124 ] && [ $_rc -lt 128 ]; then
		# BusyBox and other df without -B: 1024-byte blocks, the header says so.
		_o=$($T df -P -k -T)
		_rc=$?
	fi
	[ -n "$_o" ] && printf '%s\n' "$_o"
	return $_rc
}

ops_df_inodes() {
	$T df -P -i -T
}

ops_mdstat() {
	if [ -e /proc/mdstat ]; then
		cat /proc/mdstat
	else
		ops_na 'no /proc/mdstat: the md (software RAID) driver is not loaded'
	fi
}

ops_ip() {
	if ops_have ip; then
		$T ip "$@"
	else
		echo 'ip: command not found' >&2
		return 127
	fi
}

ops_net_sys() {
	set +f
	for _d in /sys/class/net/*; do
		[ -e "$_d" ] || continue
		_o=-
		_c=-
		read -r _o 2>/dev/null <"$_d/operstate" || _o=-
		read -r _c 2>/dev/null <"$_d/carrier" || _c=-
		printf '%s %s %s\n' "${_d##*/}" "${_o:--}" "${_c:--}"
	done
}

# Where there is no ip (old or minimal systems): ifconfig and route -n.
ops_ifconfig() {
	if ops_have ip; then
		ops_na 'ip is installed (see ip-link, ip-addr)'
	elif ops_have ifconfig; then
		$T ifconfig -a
	else
		echo 'neither ip nor ifconfig found' >&2
		return 127
	fi
}

ops_route_n() {
	if ops_have ip; then
		ops_na 'ip is installed (see route4, route6)'
	elif ops_have route; then
		ops_run route4 $T route -n
		ops_run route6 $T route -A inet6 -n
	else
		echo 'neither ip nor route found' >&2
		return 127
	fi
}

# Every default gateway (IPv4 and IPv6, ECMP next hops included): a ping
# when ping exists, then its neighbour-table entry.
ops_gateway() {
	if ! ops_have ip; then
		ops_have route || {
			echo 'ip: command not found' >&2
			return 127
		}
		# route -n: destination and mask 0.0.0.0 with the G flag.
		$T route -n 2>/dev/null | while read -r _dst _gw _mask _flags _m _r _u _dev; do
			case $_dst/$_mask/$_flags in 0.0.0.0/0.0.0.0/*G*) ops_gateway_line via "$_gw" dev "$_dev" ;; esac
		done
		return 0
	fi
	for _fam in -4 -6; do
		$T ip "$_fam" route show default 2>/dev/null | while IFS= read -r _line; do
			ops_gateway_line $_line
		done
	done
}

ops_gateway_line() {
	_gw=
	_dev=
	while [ $# -gt 0 ]; do
		case $1 in
		via)
			shift
			case $1 in inet | inet6) shift ;; esac
			_gw=$1
			;;
		dev)
			shift
			_dev=$1
			;;
		esac
		[ $# -gt 0 ] && shift
	done
	case $_gw in '' | *[!0-9A-Fa-f:.]*) return 0 ;; esac
	case $_dev in *[!A-Za-z0-9._@:-]* | -*) _dev= ;; esac
	printf 'gateway %s %s\n' "$_gw" "${_dev:--}"
	_tgt=$_gw
	case $_gw in [fF][eE]80:*) [ -n "$_dev" ] && _tgt="$_gw%$_dev" ;; esac
	_ping=
	case $_gw in
	*:*) if ops_have ping6; then _ping=ping6; elif ops_have ping; then _ping=ping; fi ;;
	*) ops_have ping && _ping=ping ;;
	esac
	if [ "$OPS_PING" = 0 ]; then
		printf 'run ping disabled\n'
	elif [ -n "$_ping" ]; then
		ops_run ping $T "$_ping" -n -c 1 -W 1 "$_tgt"
	else
		printf 'run ping absent\n'
	fi
	if ! ops_have ip; then
		ops_run arp cat /proc/net/arp
	elif [ -n "$_dev" ]; then
		ops_run neigh ip neigh show to "$_gw" dev "$_dev"
	else
		ops_run neigh ip neigh show to "$_gw"
	fi
}

# The names come from the configuration, checked to be plain host names
# before they are put into this script.
ops_resolve() {
	[ -n "$OPS_RESOLVE" ] || OPS_RESOLVE=$(uname -n)
	for _n in $OPS_RESOLVE; do
		printf 'name %s\n' "$_n"
		if ops_have getent; then
			ops_run getent $T getent hosts "$_n"
		else
			printf 'run getent absent\n'
		fi
	done
}

# Error-level log entries of the last 24 hours: the journal when systemd
# runs, else a syslog file (RHEL/SUSE /var/log/messages, Debian/Ubuntu
# /var/log/syslog, BusyBox syslogd's /var/log/messages), else the kernel
# ring buffer. Counts only, and the last few lines.
ops_errlog() {
	_file=
	for _f in /var/log/messages /var/log/syslog; do
		if [ -f "$_f" ] && [ -r "$_f" ]; then
			_file=$_f
			break
		fi
	done
	if [ -n "$OPS_SYSTEMD" ] && ops_have journalctl; then
		printf 'source journal\n'
		{
			$TL journalctl --no-pager -p err --since -24h -o short-iso
			printf '@@rc %s\n' "$?"
		} | awk '
			/^@@rc / { rc = $2; next }
			/^-- / { next }
			/^[ \t]/ { next }
			{ n++; last[n % 5] = $0 }
			END {
				printf "count %d\nrecent %d\nrc %s\n", n, n, rc
				for (i = n - 4; i <= n; i++) if (i > 0) printf "| %s\n", last[i % 5]
			}'
	elif [ -n "$_file" ]; then
		ops_errlog_file "$_file"
	elif ops_have dmesg; then
		printf 'source dmesg\n'
		_up=0
		read -r _up _rest 2>/dev/null </proc/uptime
		{
			if $T dmesg --level=err >/dev/null 2>&1; then
				$T dmesg --level=err,crit,alert,emerg
			else
				# BusyBox dmesg has no --level: -r prints each line's
				# priority as <N>, whose low three bits are the level.
				$T dmesg -r | awk '
					match($0, /^<[0-9]+>/) {
						if (substr($0, 2, RLENGTH - 2) % 8 <= 3) print substr($0, RLENGTH + 1)
						next
					}'
			fi
			printf '@@rc %s\n' "$?"
		} | awk -v up="${_up:-0}" '
			/^@@rc / { rc = $2; next }
			{
				n++
				# Lines without a timestamp count as recent: their age is unknown.
				recent = 1
				if (match($0, /^\[ *[0-9]+\.[0-9]+\]/)) {
					ts = substr($0, 2, RLENGTH - 2) + 0
					if (ts + 86400 < up + 0) recent = 0
				}
				if (recent) { r++; last[r % 5] = $0 }
			}
			END {
				printf "count %d\nrecent %d\nrc %s\n", n, r, rc
				for (i = r - 4; i <= r; i++) if (i > 0) printf "| %s\n", last[i % 5]
			}'
	else
		echo 'neither journalctl (with systemd running) nor dmesg found' >&2
		return 127
	fi
}

# A syslog file keeps no priority: the lines of the last 24 hours (by
# their date, `May  2 10:00:00` or ISO 8601) that say error, failure,
# critical, panic, segfault or I/O error are counted. The last 100000
# lines only, to bound the time on a large file.
ops_errlog_file() {
	printf 'source file %s\n' "$1"
	_now=$(date +%s)
	_then=$((_now - 86400))
	{
		$TL tail -n 100000 "$1"
		printf '@@rc %s\n' "$?"
	} | awk -v d0="$(date +'%b %e')" -v d1="$(date -d "@$_then" +'%b %e' 2>/dev/null)" \
		-v i0="$(date +%Y-%m-%d)" -v i1="$(date -d "@$_then" +%Y-%m-%d 2>/dev/null)" \
		-v t="$(date +%H:%M:%S)" '
		/^@@rc / { rc = $2; next }
		{
			l = tolower($0)
			if (l !~ /error|fail|crit|panic|segfault|i\/o error|emerg|alert/) next
			day = substr($0, 1, 6)
			iso = substr($0, 1, 10)
			if (day == d0 || iso == i0) recent = 1
			else if ((day == d1 && substr($0, 8, 8) >= t) || (iso == i1 && substr($0, 12, 8) >= t)) recent = 1
			else recent = 0
			n++
			if (recent) { r++; last[r % 5] = $0 }
		}
		END {
			printf "count %d\nrecent %d\nrc %s\n", n, r, rc
			for (i = r - 4; i <= r; i++) if (i > 0) printf "| %s\n", last[i % 5]
		}'
}

ops_mail() {
	for _f in /var/mail/root /var/spool/mail/root; do
		if [ -e "$_f" ]; then
			ls -lniLd "$_f"
		else
			printf 'absent %s\n' "$_f"
		fi
	done
}

ops_services() {
	if [ -z "$OPS_SYSTEMD" ]; then
		ops_na 'systemd is not running'
		return 0
	fi
	_o=$($T systemctl --failed --no-legend --no-pager --plain 2>/dev/null)
	_rc=$?
	if [ $_rc -ne 0 ]; then
		# systemd older than 219 has no --plain.
		_o=$($T systemctl --failed --no-legend --no-pager)
		_rc=$?
	fi
	[ -n "$_o" ] && printf '%s\n' "$_o"
	return $_rc
}

ops_timesync() {
	_any=
	if [ -n "$OPS_SYSTEMD" ] && ops_have timedatectl; then
		_any=yes
		_o=$($T timedatectl show 2>/dev/null)
		if [ $? -eq 0 ] && [ -n "$_o" ]; then
			printf 'run timedatectl-show 0\n'
			printf '%s\n' "$_o" | ops_prefix
		else
			ops_run timedatectl-status $T timedatectl status
		fi
	fi
	if ops_have chronyc; then
		_any=yes
		# Over UDP first: as root, the Unix-socket default would create a
		# client socket file under /run/chrony.
		_o=$($T chronyc -n -h 127.0.0.1 tracking 2>&1)
		if [ $? -eq 0 ]; then
			printf 'run chronyc 0\n'
			printf '%s\n' "$_o" | ops_prefix
		else
			ops_run chronyc $T chronyc -n tracking
		fi
	fi
	if ops_have ntpq; then
		_any=yes
		ops_run ntpq $T ntpq -pn
	fi
	if [ -z "$_any" ]; then
		printf 'run none absent\n'
		# BusyBox adjtimex without options only reads the kernel's clock
		# status (another adjtimex would take -p as "set").
		if ops_have adjtimex; then
			case $(adjtimex --help 2>&1) in
			*BusyBox*) ops_run adjtimex $T adjtimex ;;
			esac
		fi
	fi
	return 0
}

ops_updates() {
	if [ "$OPS_UPDATES" = 0 ]; then
		ops_na 'disabled in the configuration (check_security_updates = false)'
	elif ops_have apt-get && ops_have dpkg; then
		# Simulation over the local package lists only. The options stop apt
		# from taking its lock, rewriting its binary caches and (as root)
		# writing its planner log /var/log/apt/eipp.log.xz.
		_o=$($TL apt-get -s -q -o Debug::NoLocking=1 -o Dir::Cache::pkgcache= \
			-o Dir::Cache::srcpkgcache= -o Dir::Log::Planner=/dev/null \
			dist-upgrade 2>&1)
		_rc=$?
		printf 'run apt-get %s\n' "$_rc"
		printf '%s\n' "$_o" | grep -v -E '^(Conf |  |$)' | ops_prefix
	elif ops_have dnf; then
		set +f
		ops_updateinfo /var/cache/dnf/*/repodata/*updateinfo* /var/cache/libdnf5/*/repodata/*updateinfo*
		set -f
		ops_run dnf $TL dnf -C -q --noplugins updateinfo list --security
	elif ops_have yum; then
		set +f
		ops_updateinfo /var/cache/yum/*/*/*/*updateinfo* /var/cache/yum/*/*updateinfo*
		set -f
		ops_run yum $TL yum -C -q updateinfo list security
	elif ops_have zypper; then
		set +f
		ops_updateinfo /var/cache/zypp/raw/*/repodata/*updateinfo*
		set -f
		ops_run zypper $TL zypper -n -q --no-refresh --no-color list-patches --category security
	elif ops_have apk; then
		ops_run apk $TL apk --no-network version -l '<'
	else
		ops_na 'no package manager that reports security updates (apt, dnf, yum, zypper, apk)'
	fi
	return 0
}

# `updateinfo N`: how many of the paths exist (patterns left unexpanded
# match nothing).
ops_updateinfo() {
	_n=0
	for _f in "$@"; do
		[ -e "$_f" ] && _n=$((_n + 1))
	done
	printf 'updateinfo %s\n' "$_n"
}

# ops_grep PATTERN FILE: `file PATH ok|absent|denied`, then matching lines.
ops_grep() {
	if [ ! -e "$2" ]; then
		printf 'file %s absent\n' "$2"
	elif [ ! -r "$2" ]; then
		printf 'file %s denied\n' "$2"
	else
		printf 'file %s ok\n' "$2"
		grep -E "$1" "$2" | ops_prefix
	fi
}

ops_password() {
	ops_grep '^[[:space:]]*(PASS_MAX_DAYS|PASS_MIN_LEN)[[:space:]]' /etc/login.defs
	set +f
	for _f in /etc/security/pwquality.conf /etc/security/pwquality.conf.d/*.conf; do
		case $_f in *'*'*) continue ;; esac
		ops_grep '^[[:space:]]*minlen[[:space:]]*=' "$_f"
	done
	set -f
	for _f in /etc/pam.d/common-password /etc/pam.d/system-auth /etc/pam.d/password-auth; do
		ops_grep '^[[:space:]]*password[[:space:]].*(pam_pwquality|pam_cracklib|pam_unix)' "$_f"
	done
	return 0
}

# SELinux and AppArmor, from the kernel's files: information only.
ops_mac() {
	if [ -e /sys/fs/selinux/enforce ]; then
		_e=
		if read -r _e 2>/dev/null </sys/fs/selinux/enforce; then
			printf 'selinux-enforce %s\n' "${_e:--}"
		else
			printf 'selinux-enforce denied\n'
		fi
	else
		printf 'selinux-enforce absent\n'
	fi
	ops_grep '^[[:space:]]*SELINUX(TYPE)?=' /etc/selinux/config
	_a=absent
	if [ -e /sys/module/apparmor/parameters/enabled ]; then
		read -r _a 2>/dev/null </sys/module/apparmor/parameters/enabled || _a=denied
	fi
	printf 'apparmor-enabled %s\n' "${_a:--}"
	_p=/sys/kernel/security/apparmor/profiles
	if [ ! -e "$_p" ]; then
		printf 'apparmor-profiles absent\n'
	elif [ -r "$_p" ]; then
		awk '/\(enforce\)/ { e++ } /\(complain\)/ { c++ } END { printf "apparmor-profiles %d %d\n", e, c }' "$_p" 2>/dev/null ||
			printf 'apparmor-profiles denied\n'
	else
		printf 'apparmor-profiles denied\n'
	fi
	return 0
}

# The super-user account table: uid-0 accounts, the members of the
# administrator groups (listed or by primary group), the sudoers rules and
# the fingerprints of root's authorized keys. Nothing secret leaves the host:
# /etc/shadow is never read, and a key is reduced to its type, the SHA-256
# of its blob (hex; `ops` writes it as OpenSSH does) and its comment.
ops_accounts() {
	if [ -r /etc/passwd ]; then
		awk -F: '$3 == "0" { print "uid0 " $1 }' /etc/passwd
	else
		printf 'passwd denied\n'
	fi
	if [ -r /etc/group ] && [ -r /etc/passwd ]; then
		awk -F: 'NR == FNR {
				if ($1 == "sudo" || $1 == "wheel" || $1 == "admin") { g[$3] = $1; print "group " $1 " " $4 }
				next
			}
			($4 in g) { print "primary " g[$4] " " $1 }' /etc/group /etc/passwd
	else
		printf 'group denied\n'
	fi
	# sudo skips the files of an include directory whose name holds a dot or ends in ~.
	if [ -d /etc/sudoers.d ] && [ ! -r /etc/sudoers.d ]; then
		printf 'file /etc/sudoers.d denied\n'
	fi
	set +f
	for _f in /etc/sudoers /etc/sudoers.d/*; do
		case ${_f##*/} in *'*'* | *.* | *'~') continue ;; esac
		ops_grep '^[[:space:]]*([#@]include|[^#[:space:]])' "$_f"
	done
	set -f
	for _f in /root/.ssh/authorized_keys /root/.ssh/authorized_keys2; do
		if [ -d /root ] && [ ! -x /root ]; then
			printf 'keys %s denied\n' "$_f"
		elif [ -d /root/.ssh ] && [ ! -x /root/.ssh ]; then
			printf 'keys %s denied\n' "$_f"
		elif [ ! -e "$_f" ]; then
			printf 'keys %s absent\n' "$_f"
		elif [ ! -r "$_f" ]; then
			printf 'keys %s denied\n' "$_f"
		else
			printf 'keys %s ok\n' "$_f"
			while IFS= read -r _l || [ -n "$_l" ]; do
				# shellcheck disable=SC2086 # split into words (globbing is off)
				set -- $_l
				while [ $# -gt 1 ]; do
					case $1 in ssh-* | ecdsa-* | sk-*) break ;; esac
					shift
				done
				[ $# -gt 1 ] || continue
				_t=$1
				_h=$(printf '%s' "$2" | base64 -d 2>/dev/null | sha256sum 2>/dev/null)
				_h=${_h%% *}
				shift 2
				printf 'key %s %s %s\n' "$_t" "${_h:--}" "$*"
			done <"$_f"
		fi
	done
	return 0
}

# In-band hardware: RAID controllers, SMART, IPMI sensors. The tools need
# root: as root they run directly; otherwise through `sudo -n` (never a
# prompt) when hw_sudo = true, else not at all (`noperm REASON`). Only
# read-only subcommands are run, by the tool's full path, so that a sudoers
# rule can name exactly these commands (README, "In-band hardware").
ops_hw_priv() {
	OPS_HW_AS=
	[ "$OPS_UID" = 0 ] && return 0
	if [ "$OPS_HW_SUDO" = 1 ]; then
		if ops_have sudo; then
			OPS_HW_AS='sudo -n'
			return 0
		fi
		printf 'noperm hw_sudo = true but sudo is not installed\n'
		return 1
	fi
	printf 'noperm not root, and hw_sudo is off (see README, In-band hardware)\n'
	return 1
}

# ops_hw_path NAME...: the full path of the first NAME found.
ops_hw_path() {
	for _c in "$@"; do
		_p=$(command -v "$_c" 2>/dev/null) && [ -n "$_p" ] && {
			printf '%s\n' "$_p"
			return 0
		}
	done
	return 1
}

ops_hw_raid() {
	PATH=$PATH:/opt/MegaRAID/storcli:/opt/MegaRAID/perccli:/opt/MegaRAID/MegaCli:/opt/smartstorageadmin/ssacli/bin:/usr/Arcconf
	_any=
	for _fam in storcli ssacli megacli arcconf; do
		case $_fam in
		storcli) _p=$(ops_hw_path storcli64 storcli perccli64 perccli) ;;
		ssacli) _p=$(ops_hw_path ssacli hpssacli) ;;
		megacli) _p=$(ops_hw_path MegaCli64 MegaCli megacli) ;;
		arcconf) _p=$(ops_hw_path arcconf) ;;
		esac
		[ -n "$_p" ] || continue
		_any=yes
		printf 'tool %s %s\n' "$_fam" "$_p"
		ops_hw_priv || continue
		case $_fam in
		storcli) ops_run show $TL $OPS_HW_AS "$_p" /call show all J ;;
		ssacli) ops_run show $TL $OPS_HW_AS "$_p" ctrl all show config ;;
		megacli)
			ops_run show $TL $OPS_HW_AS "$_p" -LDInfo -Lall -aALL -NoLog
			ops_run pd $TL $OPS_HW_AS "$_p" -PDList -aALL -NoLog
			;;
		arcconf)
			ops_run show $TL $OPS_HW_AS "$_p" GETCONFIG 1 LD
			ops_run pd $TL $OPS_HW_AS "$_p" GETCONFIG 1 PD
			;;
		esac
	done
	[ -n "$_any" ] || ops_na 'no RAID controller tool (storcli64, storcli, perccli64, perccli, ssacli, hpssacli, MegaCli64, MegaCli, arcconf)'
	return 0
}

# Keep, of smartctl's pretty-printed JSON, the top-level members the checks
# read (the logs and tables of a SATA disk are most of its 20 KB); output
# that is not JSON (sudo refusing, say) passes through, 20 lines at most.
ops_smart_filter() {
	awk '
		function flush() {
			if (!have) return
			sub(/,$/, "", last)
			if (kept++) printf ",\n"
			printf "%s%s\n", buf, last
			buf = ""
			have = 0
		}
		NR == 1 && $0 != "{" { raw = 1 }
		raw { if (NR <= 20) print; next }
		/^[{}]/ { flush(); print; keep = 0; next }
		/^  "/ {
			flush()
			name = $0
			sub(/^  "/, "", name)
			sub(/".*/, "", name)
			keep = index(" smartctl device model_name model_family serial_number smart_status ata_smart_attributes temperature nvme_smart_health_information_log power_on_time scsi_model_name ", " " name " ") > 0
		}
		keep {
			if (have) buf = buf last "\n"
			last = $0
			have = 1
		}'
}

ops_smart() {
	_p=$(ops_hw_path smartctl)
	if [ -z "$_p" ]; then
		ops_na 'smartctl is not installed (smartmontools)'
		return 0
	fi
	printf 'tool smartctl %s\n' "$_p"
	ops_hw_priv || return 0
	_scan=$($T $OPS_HW_AS "$_p" --scan-open 2>&1)
	printf 'run scan %s\n' "$?"
	[ -n "$_scan" ] && printf '%s\n' "$_scan" | ops_prefix
	_n=0
	printf '%s\n' "$_scan" | while read -r _dev _opt _type _rest; do
		case $_dev in /dev/*) ;; *) continue ;; esac
		case $_dev in *[!A-Za-z0-9/_.:-]*) continue ;; esac
		[ "$_opt" = -d ] || _type=auto
		case $_type in '' | -* | *[!A-Za-z0-9,_+-]*) _type=auto ;; esac
		_n=$((_n + 1))
		if [ $_n -gt 64 ]; then
			printf 'more 64\n'
			break
		fi
		printf 'disk %s %s\n' "$_dev" "$_type"
		_o=$($T $OPS_HW_AS "$_p" -j -a -d "$_type" "$_dev" 2>&1)
		printf 'run smartctl %s\n' "$?"
		printf '%s\n' "$_o" | ops_smart_filter | ops_prefix
	done
	return 0
}

ops_ipmi() {
	_dev=
	for _d in /dev/ipmi0 /dev/ipmi/0 /dev/ipmidev/0; do
		if [ -e "$_d" ]; then
			_dev=$_d
			break
		fi
	done
	if [ -z "$_dev" ]; then
		ops_na 'no IPMI device (/dev/ipmi0, /dev/ipmi/0, /dev/ipmidev/0)'
		return 0
	fi
	_p=$(ops_hw_path ipmitool)
	if [ -z "$_p" ]; then
		ops_na "IPMI device $_dev present, but ipmitool is not installed"
		return 0
	fi
	printf 'tool ipmitool %s\n' "$_p"
	ops_hw_priv || return 0
	ops_run sdr $TL $OPS_HW_AS "$_p" sdr elist
	return 0
}

ops_main </dev/null 3>&1
