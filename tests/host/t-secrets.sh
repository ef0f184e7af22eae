#!/bin/bash
# Passwords kept out of argv (ps): password-file=, password-credential=
# ($CREDENTIALS_DIRECTORY, LoadCredential=) and ${VAR} in the config file,
# against a mosquitto that requires a password; /proc/PID/cmdline of the
# running iiofwd never holds the secret. Errors: unset variable, missing
# file, credential without $CREDENTIALS_DIRECTORY (exit 2, named).
. "$(dirname "$0")/lib.sh"

N=1500
SECRET='Ws3cr3t-pw'
$MKCAP "$T/c.raw" $N 1344
PORT=$(free_port)
mosquitto_passwd -b -c "$T/passwd" sensor "$SECRET" 2>/dev/null
cat >"$T/m.conf" <<EOC
listener $PORT 127.0.0.1
password_file $T/passwd
allow_anonymous false
EOC
chmod 644 "$T/passwd"
chmod 755 "$T"
mosquitto -c "$T/m.conf" >"$T/broker.log" 2>&1 &
PIDS+=($!)
wait_port "$PORT"
printf '%s\n' "$SECRET" >"$T/pw"
chmod 600 "$T/pw"
mkdir -p "$T/creds"
printf '%s' "$SECRET" >"$T/creds/mqtt-pw"
URL="mqtt://sensor@127.0.0.1:$PORT/t"

# run NAME ARGS...: a paced replay (about 1.1 s) with --stats; the command
# line of the running process to $T/NAME.cmdline; the status to $T/NAME.rc
run() {
	local name=$1 pid
	shift
	"$IIOFWD" -u "replay:$T/c.raw" -r 1344 --drain-timeout 5 --stats "$@" \
		2>"$T/$name.log" &
	pid=$!
	sleep 0.5
	tr '\0' ' ' <"/proc/$pid/cmdline" >"$T/$name.cmdline" 2>/dev/null
	wait "$pid"
	echo $? >"$T/$name.rc"
}
no_secret() {	# no_secret NAME: the secret is not in argv, and argv was seen
	grep -q iiofwd "$T/$1.cmdline" && ! grep -qF "$SECRET" "$T/$1.cmdline"
}
delivered() {	# delivered NAME
	[ "$(cat "$T/$1.rc")" = 0 ] && grep -q "sent $N, dropped 0" "$T/$1.log"
}

# the check can fail: a password in the URL is in argv
run inurl -o "mqtt://sensor:$SECRET@127.0.0.1:$PORT/t"
check "password in the URL: delivered, and seen in /proc/PID/cmdline" \
	bash -c "$(declare -f delivered no_secret); T='$T' N=$N SECRET='$SECRET'; delivered inurl && ! no_secret inurl"

run file -o "$URL?password-file=$T/pw"
check "password-file=: accepted, every sample sent" delivered file
check "password-file=: not in /proc/PID/cmdline" no_secret file

CREDENTIALS_DIRECTORY=$T/creds run cred -o "$URL?password-credential=mqtt-pw"
check "password-credential= (\$CREDENTIALS_DIRECTORY): accepted, every sample sent" delivered cred
check "password-credential=: not in /proc/PID/cmdline" no_secret cred

cat >"$T/env.conf" <<'EOC'
[iiofwd]
output = mqtt://sensor:${IIOFWD_TEST_PW}@127.0.0.1:${IIOFWD_TEST_PORT}/t
EOC
IIOFWD_TEST_PW=$SECRET IIOFWD_TEST_PORT=$PORT run env -c "$T/env.conf"
check "\${VAR} in the config file: accepted, every sample sent" delivered env
check "\${VAR}: not in /proc/PID/cmdline" no_secret env

IIOFWD_TEST_PORT=$PORT "$IIOFWD" -u "replay:$T/c.raw" -c "$T/env.conf" 2>"$T/unset.log"
check "unset variable: exit 2 naming it and the line" \
	bash -c "[ $? -eq 2 ] && grep -q 'env.conf:2:.*IIOFWD_TEST_PW is not set' '$T/unset.log'"
"$IIOFWD" -u "replay:$T/c.raw" -o "$URL?password-file=$T/nope" 2>"$T/nofile.log"
check "missing password file: exit 2 naming it" \
	bash -c "[ $? -eq 2 ] && grep -q '$T/nope' '$T/nofile.log'"
(unset CREDENTIALS_DIRECTORY; "$IIOFWD" -u "replay:$T/c.raw" \
	-o "$URL?password-credential=mqtt-pw" 2>"$T/nocred.log")
check "credential without \$CREDENTIALS_DIRECTORY: exit 2, says LoadCredential=" \
	bash -c "[ $? -eq 2 ] && grep -q 'LoadCredential=mqtt-pw' '$T/nocred.log'"
printf 'wrong\n' >"$T/bad"
chmod 600 "$T/bad"
"$IIOFWD" -u "replay:$T/c.raw" -o "$URL?password-file=$T/bad" --drain-timeout 1 \
	2>"$T/bad.log"
check "wrong password from the file: refused, exit 3" \
	bash -c "[ $? -eq 3 ] && grep -q 'connection refused' '$T/bad.log'"
check "no log holds the secret" bash -c "! grep -qF '$SECRET' '$T'/*.log"
finish
