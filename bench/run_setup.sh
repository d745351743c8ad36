# Sourced by the bench scripts that run esimtwin: checks the binary
# ($ESIMTWIN, default build/app/esimtwin) and sets `bin`; sets `dir` to
# $OUT_DIR (made if missing) or to a temporary folder removed on exit.
# From the repository root.
bin=${ESIMTWIN:-build/app/esimtwin}
[ -x "$bin" ] || { echo "build first: cmake --build build --target esimtwin" >&2; exit 2; }
if [ -n "${OUT_DIR:-}" ]; then
  dir=$OUT_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
