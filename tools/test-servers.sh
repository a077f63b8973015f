#!/usr/bin/env bash
# Starts / stops throwaway RabbitMQ and PostgreSQL 15 servers for the integration tests.
#
#   tools/test-servers.sh start <dir>   # start both on free loopback ports, write <dir>/env.sh
#   tools/test-servers.sh stop  <dir>   # stop what <dir> records (safe to repeat, safe after a failed start)
#   tools/test-servers.sh status <dir>  # show what is recorded / running
#   tools/test-servers.sh rabbitmqctl <dir> ARGS...  # e.g. `rabbitmqctl <dir> list_queues`
#
# After `start`, `source <dir>/env.sh` exports:
#   VMS_TEST_RABBITMQ=amqp://guest:guest@127.0.0.1:PORT/
#   VMS_TEST_POSTGRES=Host=127.0.0.1;Port=PORT;Username=postgres;Password=postgres;Database=postgres
#
# Everything listens on 127.0.0.1 only. All state lives under <dir> (PostgreSQL's data goes to a
# postgres-owned folder under /tmp instead when the postgres user cannot reach <dir>; the path is recorded
# in <dir>). Only processes this script started (recorded by PID in <dir>) are ever stopped.
#
# Needs: rabbitmq-server (3.x, Debian package) and postgresql-15 (Debian package). Works as root (PostgreSQL
# then runs as the `postgres` user via runuser) or as an ordinary user.
# Optional overrides: VMS_PG_BINDIR (default /usr/lib/postgresql/15/bin),
#                     VMS_RABBITMQ_BINDIR (default /usr/lib/rabbitmq/bin), VMS_TEST_SERVERS_TIMEOUT (s, default 60).
set -euo pipefail

PG_BINDIR="${VMS_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
RMQ_BINDIR="${VMS_RABBITMQ_BINDIR:-/usr/lib/rabbitmq/bin}"
TIMEOUT="${VMS_TEST_SERVERS_TIMEOUT:-60}"
PG_PASSWORD=postgres
GRACE=20

log() { echo "[test-servers] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
    echo "usage: $0 start|stop|status <dir>  |  $0 rabbitmqctl <dir> ARGS..." >&2
    exit 2
}

# ---------------------------------------------------------------- helpers

# Prints N distinct free TCP ports on 127.0.0.1.
free_ports() {
    local n="$1"
    if [ "${VMS_TEST_SERVERS_NO_PYTHON:-0}" != 1 ] && command -v python3 >/dev/null 2>&1 &&
        python3 - "$n" 2>/dev/null <<'EOF2'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF2
    then
        return 0
    fi
    # Fallback: probe random ports in 20000-59999; a refused connection means nobody listens there.
    local ports=() p tries=0
    while [ "${#ports[@]}" -lt "$n" ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 1000 ] || die "could not find $n free ports"
        p=$((20000 + RANDOM % 40000))
        case " ${ports[*]:-} " in *" $p "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            ports+=("$p")
        fi
    done
    echo "${ports[*]}"
}

# pid_alive PID NAME-PATTERN: true if PID runs and its command line matches the (grep -E) pattern.
# Guards against killing an unrelated process that re-used a recorded PID.
pid_alive() {
    local pid="$1" pattern="$2"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    # zombies count as gone
    if [ -r "/proc/$pid/stat" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = "Z" ]; then return 1; fi
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq -- "$pattern"
}

# kill_wait PID PATTERN LABEL: SIGTERM, wait up to $GRACE s, then SIGKILL.
# (A RabbitMQ node that is still booting ignores SIGTERM until boot finishes, hence the shorter
# grace period when the start never completed.)
kill_wait() {
    local pid="$1" pattern="$2" label="$3"
    pid_alive "$pid" "$pattern" || return 0
    log "stopping $label (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$((GRACE * 10))"); do
        pid_alive "$pid" "$pattern" || return 0
        sleep 0.1
    done
    log "$label (pid $pid) did not exit after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        pid_alive "$pid" "$pattern" || return 0
        sleep 0.1
    done
    log "WARNING: $label (pid $pid) is still running"
}

# Runs a command as the postgres user when we are root (initdb refuses root), else as ourselves.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

read_file() { if [ -f "$1" ]; then head -n1 "$1" | tr -d '[:space:]'; fi; }

# ---------------------------------------------------------------- rabbitmq

# Exports the environment that both rabbitmq-server and rabbitmqctl need for our node.
rabbit_env() {
    local rdir="$1"
    # shellcheck disable=SC1091
    . "$rdir/ports.env"
    export HOME="$rdir/home"
    export RABBITMQ_NODENAME="$RMQ_NODE"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$RMQ_PORT"
    export RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
    export ERL_EPMD_ADDRESS=127.0.0.1
    export ERL_EPMD_PORT="$RMQ_EPMD_PORT"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_CONF_ENV_FILE="$rdir/rabbitmq-env.conf"
    export RABBITMQ_CONFIG_FILE="$rdir/rabbitmq.conf"
    export RABBITMQ_ADVANCED_CONFIG_FILE="$rdir/advanced.config"
    export RABBITMQ_MNESIA_BASE="$rdir/mnesia"
    export RABBITMQ_LOG_BASE="$rdir/log"
    export RABBITMQ_PID_FILE="$rdir/rabbit.pid"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$rdir/enabled_plugins"
    export RABBITMQ_ALLOW_INPUT=false
}

# First half of the RabbitMQ start: writes the config, starts epmd and launches the node (returns at once).
start_rabbitmq() {
    local rdir="$DIR/rabbitmq" amqp dist epmdp
    [ -x "$RMQ_BINDIR/rabbitmq-server" ] || die "RabbitMQ not found at $RMQ_BINDIR (apt-get install rabbitmq-server)"
    command -v epmd >/dev/null 2>&1 || die "epmd not found (apt-get install erlang-base)"
    rm -rf "$rdir"
    mkdir -p "$rdir/home" "$rdir/mnesia" "$rdir/log"
    amqp="$P_AMQP" dist="$P_DIST" epmdp="$P_EPMD"
    cat >"$rdir/ports.env" <<EOF
RMQ_PORT=$amqp
RMQ_DIST_PORT=$dist
RMQ_EPMD_PORT=$epmdp
RMQ_NODE=rabbit-$amqp@localhost
EOF
    : >"$rdir/rabbitmq-env.conf"
    echo '[].' >"$rdir/enabled_plugins"
    cat >"$rdir/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$amqp
loopback_users = none
default_user = guest
default_pass = guest
log.file.level = info
log.console = false
EOF
    # A fresh cookie shared by the server and the CLI (both use HOME).
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F' >"$rdir/home/.erlang.cookie"
    chmod 400 "$rdir/home/.erlang.cookie"

    (
        rabbit_env "$rdir"
        # Our own epmd on a private port: never shared with other nodes, so we may stop it.
        setsid epmd -address 127.0.0.1 -port "$epmdp" </dev/null >"$rdir/log/epmd.log" 2>&1 &
        echo $! >"$rdir/epmd.pid"
        for _ in $(seq 1 50); do
            (exec 3<>"/dev/tcp/127.0.0.1/$epmdp") 2>/dev/null && break
            sleep 0.1
        done
        "$RMQ_BINDIR/rabbitmq-server" -detached </dev/null >"$rdir/log/startup.log" 2>&1
    ) || { log "rabbitmq-server -detached failed:"; tail -n 30 "$rdir/log/startup.log" >&2; return 1; }
}

# Second half of the RabbitMQ start: waits until the node (booting in the background) is ready.
wait_rabbitmq() {
    local rdir="$DIR/rabbitmq" amqp
    (
        rabbit_env "$rdir"
        timeout "$((TIMEOUT + 10))" "$RMQ_BINDIR/rabbitmqctl" -n "$RABBITMQ_NODENAME" wait --timeout "$TIMEOUT" \
            "$RABBITMQ_PID_FILE" </dev/null >>"$rdir/log/startup.log" 2>&1
    ) || {
        log "RabbitMQ did not start; last log lines:"
        tail -n 30 "$rdir/log/startup.log" "$rdir"/log/*.log >&2 2>/dev/null || true
        return 1
    }
    # shellcheck disable=SC1091
    amqp="$(. "$rdir/ports.env"; echo "$RMQ_PORT")"
    # Make sure the AMQP listener accepts connections.
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$amqp") 2>/dev/null && break
        sleep 0.1
    done
    (exec 3<>"/dev/tcp/127.0.0.1/$amqp") 2>/dev/null || { log "RabbitMQ port $amqp not reachable"; return 1; }
    RMQ_URL="amqp://guest:guest@127.0.0.1:$amqp/"
    log "RabbitMQ node rabbit-$amqp@localhost on 127.0.0.1:$amqp (pid $(read_file "$rdir/rabbit.pid"), epmd pid $(read_file "$rdir/epmd.pid"))"
}

stop_rabbitmq() {
    local rdir="$DIR/rabbitmq" pid
    [ -d "$rdir" ] || return 0
    pid="$(read_file "$rdir/rabbit.pid")"
    if [ -n "$pid" ]; then
        kill_wait "$pid" 'beam' "RabbitMQ"
    elif [ -f "$rdir/ports.env" ]; then
        # start failed before the pid file was written: find a beam whose HOME is our scratch home
        local p
        for p in /proc/[0-9]*; do
            p="${p#/proc/}"
            if pid_alive "$p" 'beam' && tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "HOME=$rdir/home"; then
                kill_wait "$p" 'beam' "RabbitMQ"
            fi
        done
    fi
    pid="$(read_file "$rdir/epmd.pid")"
    [ -z "$pid" ] || kill_wait "$pid" 'epmd' "epmd"
    rm -f "$rdir/rabbit.pid" "$rdir/epmd.pid"
}

# ---------------------------------------------------------------- postgres

start_postgres() {
    local pgdir="$DIR/postgres" root port
    [ -x "$PG_BINDIR/initdb" ] || die "PostgreSQL not found at $PG_BINDIR (apt-get install postgresql-15)"
    rm -rf "$pgdir"
    mkdir -p "$pgdir"
    root="$pgdir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$pgdir"
        # The postgres user must be able to reach the folder (e.g. not under a 0700 home directory)
        # and the socket path must stay short (Unix sockets: 107 bytes).
        if ! runuser -u postgres -- test -w "$pgdir" -a -x "$pgdir" || [ "${#pgdir}" -gt 70 ]; then
            root="$(mktemp -d /tmp/vms-test-pg.XXXXXX)"
            chown postgres: "$root"
            echo "$root" >"$pgdir/external-root"
            log "PostgreSQL data in $root (postgres user cannot use $pgdir)"
        fi
    elif [ "${#pgdir}" -gt 70 ]; then
        root="$(mktemp -d /tmp/vms-test-pg.XXXXXX)"
        echo "$root" >"$pgdir/external-root"
    fi
    echo "$root" >"$pgdir/root"
    as_pg mkdir -p "$root/sock" || { log "cannot create $root/sock"; return 1; }
    port="$P_PG"
    echo "$port" >"$pgdir/port"
    echo "$PG_PASSWORD" >"$pgdir/pwfile"
    chmod 644 "$pgdir/pwfile"
    [ "$root" = "$pgdir" ] || cp "$pgdir/pwfile" "$root/pwfile"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$root/pwfile"

    as_pg "$PG_BINDIR/initdb" -D "$root/data" -U postgres --pwfile="$root/pwfile" \
        --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 --no-sync \
        </dev/null >"$pgdir/initdb.log" 2>&1 || {
        log "initdb failed:"; tail -n 30 "$pgdir/initdb.log" >&2; return 1; }
    # The server log (-l) lives in the postgres-owned folder: $root/postgres.log
    as_pg "$PG_BINDIR/pg_ctl" -D "$root/data" -l "$root/postgres.log" -w -t "$TIMEOUT" start \
        -o "-p $port -k $root/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        </dev/null >"$pgdir/pg_ctl.log" 2>&1 || {
        log "PostgreSQL did not start:"; tail -n 30 "$pgdir/pg_ctl.log" "$root/postgres.log" >&2 2>/dev/null || true; return 1; }
    read_file "$root/data/postmaster.pid" >"$pgdir/postmaster.pid"
    PG_CONN="Host=127.0.0.1;Port=$port;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
    log "PostgreSQL on 127.0.0.1:$port (pid $(read_file "$pgdir/postmaster.pid"), data $root/data)"
}

stop_postgres() {
    local pgdir="$DIR/postgres" root pid
    [ -d "$pgdir" ] || return 0
    root="$(read_file "$pgdir/root")"
    pid="$(read_file "$pgdir/postmaster.pid")"
    if [ -z "$pid" ] && [ -n "$root" ]; then pid="$(read_file "$root/data/postmaster.pid")"; fi
    if [ -n "$pid" ] && pid_alive "$pid" 'postgres'; then
        log "stopping PostgreSQL (pid $pid)"
        as_pg "$PG_BINDIR/pg_ctl" -D "$root/data" -m fast -w -t 30 stop </dev/null >/dev/null 2>&1 || true
        kill_wait "$pid" 'postgres' "PostgreSQL"
    fi
    rm -f "$pgdir/postmaster.pid"
    local ext
    ext="$(read_file "$pgdir/external-root")"
    if [ -n "$ext" ] && [[ "$ext" == /tmp/vms-test-pg.* ]]; then
        rm -rf "$ext"
        rm -f "$pgdir/external-root"
    fi
}

# ---------------------------------------------------------------- commands

cmd_stop() {
    [ -d "$DIR" ] || { log "nothing to stop in $DIR"; return 0; }
    local rc=0
    GRACE=20
    [ -f "$DIR/env.sh" ] || GRACE=3
    stop_rabbitmq || rc=1
    stop_postgres || rc=1
    rm -f "$DIR/env.sh"
    log "stopped ($DIR)"
    return "$rc"
}

cmd_start() {
    mkdir -p "$DIR"
    # Leftovers of an earlier run in the same dir are stopped first.
    cmd_stop >/dev/null 2>&1 || true
    local t0=$SECONDS
    RMQ_URL="" PG_CONN="" P_AMQP="" P_DIST="" P_EPMD="" P_PG=""
    # All ports are picked at once so they are distinct.
    read -r P_AMQP P_DIST P_EPMD P_PG <<<"$(free_ports 4)" || true
    [ -n "$P_PG" ] || die "could not pick free ports"
    # RabbitMQ boots for a few seconds: launch it, set up PostgreSQL meanwhile, then wait for it.
    # Whatever goes wrong from here on (including `die`), stop what was already started.
    trap 'rc=$?; if [ "$rc" -ne 0 ]; then log "start failed; cleaning up"; cmd_stop || true; fi' EXIT
    if ! start_rabbitmq || ! start_postgres || ! wait_rabbitmq; then
        exit 1
    fi
    cat >"$DIR/env.sh" <<EOF
# Generated by tools/test-servers.sh start; remove with tools/test-servers.sh stop
export VMS_TEST_RABBITMQ="$RMQ_URL"
export VMS_TEST_POSTGRES="$PG_CONN"
export VMS_TEST_SERVERS_DIR="$(cd "$DIR" && pwd)"
EOF
    trap - EXIT
    log "ready in $((SECONDS - t0)) s; source $DIR/env.sh"
    cat "$DIR/env.sh"
}

cmd_status() {
    local pid
    [ -f "$DIR/env.sh" ] && cat "$DIR/env.sh"
    pid="$(read_file "$DIR/rabbitmq/rabbit.pid")"
    if pid_alive "$pid" beam; then echo "rabbitmq: running (pid $pid)"; else echo "rabbitmq: not running"; fi
    pid="$(read_file "$DIR/rabbitmq/epmd.pid")"
    if pid_alive "$pid" epmd; then echo "epmd: running (pid $pid)"; else echo "epmd: not running"; fi
    pid="$(read_file "$DIR/postgres/postmaster.pid")"
    if pid_alive "$pid" postgres; then echo "postgres: running (pid $pid)"; else echo "postgres: not running"; fi
}

cmd_rabbitmqctl() {
    # Runs rabbitmqctl against the node recorded in $DIR, e.g. `rabbitmqctl <dir> status`.
    [ -f "$DIR/rabbitmq/ports.env" ] || die "no RabbitMQ recorded in $DIR"
    rabbit_env "$DIR/rabbitmq"
    exec "$RMQ_BINDIR/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"
}

[ $# -ge 2 ] || usage
[ "$1" = rabbitmqctl ] || [ $# -eq 2 ] || usage
case "$2" in
    /*) DIR="$2" ;;
    *) DIR="$PWD/$2" ;;
esac
DIR="${DIR%/}"

case "$1" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    rabbitmqctl) shift 2; cmd_rabbitmqctl "$@" ;;
    *) usage ;;
esac
