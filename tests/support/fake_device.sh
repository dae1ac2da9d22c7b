#!/bin/bash
# A simulated network device for tests, run by a real sshd (ForceCommand) on a
# pty: it prints a banner and a prompt, lets the pty echo each command, pages
# output with --More-- (Cisco) or ---- More ---- (Huawei) until paging is
# turned off, and serves captured output of real devices.
#
#   fake_device.sh PLATFORM DIR [LOG]
#     PLATFORM   cisco_ios | huawei_vrp
#     DIR/<command, spaces as _>   the output served for that command
#                                  (`show ip route` -> DIR/show_ip_route)
#     DIR/hostname                 the device name (default switch01 / HUAWEI)
#     DIR/prompt                   the whole prompt, overriding the default
#                                  `NAME#` / `<NAME>` (e.g. `core1.example.net>`)
#     DIR/hang-on                  a command whose output stops halfway, after
#                                  which the device answers nothing more
#     DIR/keep-paging              refuse the paging command: page regardless
#     LOG                          every line received is appended here, and
#                                  each key answering a pager prompt as
#                                  `(pager key ' ')`, so a test can tell what
#                                  was (not) sent
#
# Files are read when a command is served, so a test may swap them between
# two sessions. An unknown command gets the platform's error message.
set -u
platform=$1
dir=$2
log=${3:-/dev/null}
if [[ $platform == huawei_vrp ]]; then
  host=$(cat "$dir/hostname" 2>/dev/null || echo HUAWEI)
  prompt="<$host>"
  more='  ---- More ----'
  erase=$'\e[42D                                          \e[42D'
  paging_cmd='screen-length 0 temporary'
  invalid=$'Error: Unrecognized command found at \'^\' position.'
else
  host=$(cat "$dir/hostname" 2>/dev/null || echo switch01)
  prompt="$host#"
  more=' --More-- '
  erase=$'\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b'
  paging_cmd='terminal length 0'
  invalid=$'% Invalid input detected at \'^\' marker.'
fi
[[ -f $dir/prompt ]] && prompt=$(cat "$dir/prompt")
hang_on=$(cat "$dir/hang-on" 2>/dev/null || true)
paging=1
per_page=20
# Line ends as a device sends them (\r\n), not doubled by the pty.
stty -onlcr 2>/dev/null

serve() {   # serve FILE COMMAND
  local total n=0 line key
  total=$(wc -l < "$1")
  while IFS= read -r line <&3 || [[ -n $line ]]; do
    line=${line%$'\r'}
    printf '%s\r\n' "$line"
    n=$((n + 1))
    if [[ $2 == "$hang_on" ]] && (( n >= total / 2 )); then
      # Stop answering, but not for ever: nothing of a test may outlive it
      # by much if the session is not hung up.
      sleep 120
      exit 0
    fi
    if (( paging && n % per_page == 0 && n < total )); then
      printf '%s' "$more"
      IFS= read -rsn1 key
      printf '(pager key %q)\n' "$key" >> "$log" 2>/dev/null
      printf '%s' "$erase"
    fi
  done 3< "$1"
}

printf '\r\n*** Authorised access only ***\r\n\r\n%s' "$prompt"
while IFS= read -r cmd; do
  cmd=${cmd%$'\r'}
  printf '%s\n' "$cmd" >> "$log" 2>/dev/null
  cmd=$(printf '%s' "$cmd" | sed 's/^ *//; s/ *$//')
  case $cmd in
    '') ;;
    "$paging_cmd")
      if [[ -f $dir/keep-paging ]]; then printf '%s\r\n' "$invalid"; printf '%s' "$prompt"; continue; fi
      paging=0
      [[ $platform == huawei_vrp ]] && printf 'Info: The configuration takes effect on the current user terminal interface only.\r\n'
      ;;
    exit | quit) exit 0 ;;
    *)
      file="$dir/${cmd// /_}"
      if [[ -f $file ]]; then serve "$file" "$cmd"; else printf '%s\r\n' "$invalid"; fi
      ;;
  esac
  printf '%s' "$prompt"
done
