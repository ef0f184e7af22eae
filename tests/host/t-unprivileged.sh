#!/bin/bash
# iiofwd as an unprivileged user (nobody:nogroup, no supplementary groups,
# no capabilities) with only the access it needs: a capture it may read
# (the replay source), a config file and a password file readable through
# its group only, a directory of its own for a file output and the spool,
# a broker requiring the password, metrics on a high port. What it may
# not touch is refused with a message naming it. Needs root (setpriv);
# skipped otherwise.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1 || ! getent group nogroup >/dev/null; then
	echo "# skipped: needs root and the user nobody, group nogroup"
	echo "0 passed, 0 failed"
	exit 0
fi
AS_NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all
	--bounding-set=-all --no-new-privs)
N=3000
chmod 755 "$T"
mkdir -p "$T/ro" "$T/own" "$T/root"
$MKCAP "$T/ro/c.raw" $N 1344
chmod 644 "$T/ro/c.raw"
chmod 755 "$T/ro"
chown nobody:nogroup "$T/own"
chmod 700 "$T/own" "$T/root"
PORT=$(free_port)
MPORT=$(free_port)
mosquitto_passwd -b -c "$T/passwd" sensor pw4nobody 2>/dev/null
chmod 644 "$T/passwd"
cat >"$T/m.conf" <<EOC
listener $PORT 127.0.0.1
password_file $T/passwd
allow_anonymous false
EOC
mosquitto -c "$T/m.conf" >"$T/broker.log" 2>&1 &
PIDS+=($!)
wait_port "$PORT"
mosquitto_sub -h 127.0.0.1 -p "$PORT" -u sensor -P pw4nobody -t 'u/+/accel' -q 1 >"$T/sub.txt" &
PIDS+=($!)
printf 'pw4nobody\n' >"$T/pw"
cat >"$T/u.conf" <<EOC
uri = replay:$T/ro/c.raw
rate = 1344
output = jsonl:$T/own/out.jsonl
output = raw:$T/own/out.raw
output = mqtt://sensor@127.0.0.1:$PORT/u?password-file=$T/pw
spool = $T/own/spool
metrics = 127.0.0.1:$MPORT
EOC
chown root:nogroup "$T/pw" "$T/u.conf"
chmod 640 "$T/pw" "$T/u.conf"
sleep 0.3

"${AS_NOBODY[@]}" "$IIOFWD" -c "$T/u.conf" --drain-timeout 10 --stats 2>"$T/u.log" &
pid=$!
sleep 1
curl -sf "http://127.0.0.1:$MPORT/metrics" >"$T/metrics.txt"
uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
caps=$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")
wait "$pid"
rc=$?
check "as nobody: uid 65534, no capabilities" [ "$uid" = 65534 ] && [ "$caps" = 0000000000000000 ]
check "as nobody: exit 0, every output sent every sample" \
	bash -c "[ $rc -eq 0 ] && [ \$(grep -c 'sent $N, dropped 0' '$T/u.log') -eq 3 ]"
check "as nobody: metrics served" grep -q "^iiofwd_samples_read_total" "$T/metrics.txt"
check "as nobody: the jsonl output holds every sample" $VERIFY exact "$T/own/out.jsonl" 0 $((N - 1))
check "as nobody: files it made are its own" \
	bash -c "[ \$(find '$T/own' ! -user nobody | wc -l) -eq 0 ]"
wait_samples "$T/sub.txt" $N 5
check "as nobody: the broker got every sample (password read through the group)" \
	$VERIFY exact "$T/sub.txt" 0 $((N - 1))

# refused, with a message naming what it could not open (exit 2)
"${AS_NOBODY[@]}" "$IIOFWD" -u "replay:$T/ro/c.raw" -o "jsonl:$T/root/x.jsonl" 2>"$T/e1.log"
check "as nobody: an output in a directory it may not write: exit 2 naming it" \
	bash -c "[ $? -eq 2 ] && grep -q '$T/root/x.jsonl' '$T/e1.log'"
chmod 600 "$T/pw"
"${AS_NOBODY[@]}" "$IIOFWD" -c "$T/u.conf" 2>"$T/e2.log"
check "as nobody: a password file it may not read: exit 2 naming it" \
	bash -c "[ $? -eq 2 ] && grep -q '$T/pw.*ermission denied' '$T/e2.log'"
"${AS_NOBODY[@]}" "$IIOFWD" -u "replay:$T/ro/c.raw" -o "mqtt://127.0.0.1:$PORT/x" \
	--spool "$T/root/spool" 2>"$T/e3.log"
check "as nobody: a spool it may not create: exit 2 naming it" \
	bash -c "[ $? -eq 2 ] && grep -q '$T/root/spool' '$T/e3.log'"
# a source it may not open, like a device node without group iio: exit 2,
# which the unit does not restart (RestartPreventExitStatus=2); was 1
chmod 600 "$T/ro/c.raw"
"${AS_NOBODY[@]}" "$IIOFWD" -u "replay:$T/ro/c.raw" -o "jsonl:$T/own/y.jsonl" 2>"$T/e4.log"
check "as nobody: a capture it may not read: exit 2 (not 1: retrying does not help) naming it" \
	bash -c "[ $? -eq 2 ] && grep -q '$T/ro/c.raw.*ermission denied' '$T/e4.log'"
finish
