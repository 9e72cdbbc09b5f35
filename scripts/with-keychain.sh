#!/usr/bin/env bash
# Runs a command the way a desktop session would run it as far as the keychain goes: inside its own
# D-Bus session bus with an unlocked GNOME Keyring answering as the Secret Service, so that tests
# store and read real keychain entries. CI and Xvfb have no session bus of their own. The keyring
# lives in a temporary folder and goes with the session.
#   bash scripts/with-keychain.sh COMMAND [ARGS…]
set -euo pipefail
if [ -z "${BERATUNGSPLANER_KEYCHAIN_SESSION:-}" ]; then
  exec dbus-run-session -- env BERATUNGSPLANER_KEYCHAIN_SESSION=1 bash "$0" "$@"
fi
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
# --unlock creates the login keyring with the password on standard input and unlocks it, so that
# nothing asks for one (--login, which a desktop's PAM module uses, still prompts here).
printf 'test' | HOME="$keyrings" XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
"$@"
