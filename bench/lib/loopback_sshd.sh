# Loopback sshd targets for the benchmarks, sourced by bench/*.sh.
#
# `sshd_setup DIR TAG` makes DIR (0700, then 0755 so the target account can
# read its authorized_keys), a host key and a client key, and sets BUSER: as
# root the unprivileged `opsbench` (created if missing), else the user running
# this. `start_sshd PREFIX COUNT [FORCED]` starts one sshd per 16 addresses
# PREFIX.1..COUNT (OpenSSH's MAX_LISTEN_SOCKS) on $PORT, each login running
# FORCED instead of the command asked for when it is given; they are stopped
# by PID when the script exits. `wait_listening PREFIX COUNT` waits until
# every address accepts. Everything stays on 127.0.0.0/8; the system sshd is
# not touched.

sshd_setup() { # dir tag
  local dir=$1 tag=$2
  [[ -x /usr/sbin/sshd ]] || { echo "sshd is missing: apt-get install openssh-server" >&2; exit 1; }
  mkdir -p "$dir/sshd" "$dir/home/.ssh"; chmod 700 "$dir"
  if [[ "$(id -u)" == 0 ]]; then
    BUSER=opsbench
    id "$BUSER" >/dev/null 2>&1 || useradd -m -s /bin/sh -c "ops benchmark target" "$BUSER"
    usermod -p '*' "$BUSER"  # no password, but not locked (sshd without PAM refuses '!')
  else
    BUSER="$(id -un)"
  fi
  ssh-keygen -q -t ed25519 -N '' -C "$tag" -f "$dir/host_key"
  ssh-keygen -q -t ed25519 -N '' -C "$tag" -f "$dir/home/.ssh/id_ed25519"
  cp "$dir/home/.ssh/id_ed25519.pub" "$dir/authorized_keys"
  chmod 755 "$dir"; chmod 644 "$dir/authorized_keys"
  : > "$dir/home/.ssh/known_hosts"
  mkdir -p /run/sshd 2>/dev/null || true
  SSHD_DIR=$dir
  SSHD_COUNT=0
  sshd_pids=()
  trap stop_sshd EXIT
}

stop_sshd() {
  for pid in "${sshd_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${sshd_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

start_sshd() { # prefix count [forced]
  local prefix=$1 count=$2 forced=${3:-} first cfg i k hostkey
  hostkey="$(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")"
  for ((first = 1; first <= count; first += 16)); do
    k=$SSHD_COUNT
    cfg="$SSHD_DIR/sshd/sshd_config.$k"
    {
      echo "Port $PORT"
      for ((i = first; i < first + 16 && i <= count; i++)); do echo "ListenAddress $prefix.$i"; done
      cat <<EOF
HostKey $SSHD_DIR/host_key
PidFile $SSHD_DIR/sshd/sshd.$k.pid
AuthorizedKeysFile $SSHD_DIR/authorized_keys
AllowUsers $BUSER
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 200:30:300
MaxSessions 50
LogLevel ERROR
EOF
      if [[ -n "$forced" ]]; then echo "ForceCommand $forced"; fi
    } > "$cfg"
    /usr/sbin/sshd -D -e -f "$cfg" 2>>"$SSHD_DIR/sshd/sshd.$k.log" &
    sshd_pids+=($!)
    SSHD_COUNT=$((SSHD_COUNT + 1))
  done
  for ((i = 1; i <= count; i++)); do
    echo "[$prefix.$i]:$PORT $hostkey" >> "$SSHD_DIR/home/.ssh/known_hosts"
  done
}

wait_listening() { # prefix count
  local i
  for ((i = 1; i <= $2; i++)); do
    for _ in $(seq 100); do
      (exec 3<>"/dev/tcp/$1.$i/$PORT") 2>/dev/null && break
      sleep 0.1
    done
  done
}
