#!/bin/bash
# A simulated network device for tests, run by a real sshd (ForceCommand) on a
# pty: it prints a banner and a prompt, lets the pty echo each command, pages
# output with --More-- until paging is turned off, and serves captured output
# of real devices.
#
#   fake_device.sh PLATFORM DIR
#     PLATFORM   cisco_ios | huawei_vrp
#     DIR/<command, spaces as _>   the output served for that command
#     DIR/hostname                 the device name (default switch01 / HUAWEI)
#     DIR/hang-on                  a command whose output stops halfway, after
#                                  which the device never answers again
set -u
platform=$1
dir=$2
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
hang_on=$(cat "$dir/hang-on" 2>/dev/null || true)
paging=1
per_page=20

serve() {   # serve FILE COMMAND
  local total n=0 line key
  total=$(wc -l < "$1")
  while IFS= read -r line <&3 || [[ -n $line ]]; do
    printf '%s\r\n' "$line"
    n=$((n + 1))
    if [[ $2 == "$hang_on" ]] && (( n >= total / 2 )); then
      sleep 3600
    fi
    if (( paging && n % per_page == 0 && n < total )); then
      printf '%s' "$more"
      IFS= read -rsn1 key
      printf '%s' "$erase"
    fi
  done 3< "$1"
}

printf '\r\n*** Authorised access only ***\r\n\r\n%s' "$prompt"
while IFS= read -r cmd; do
  cmd=${cmd%$'\r'}
  cmd=$(printf '%s' "$cmd" | sed 's/^ *//; s/ *$//')
  case $cmd in
    '') ;;
    "$paging_cmd")
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
