#!/bin/sh
# Makes a git repository at DEST holding the retry example with a history of 24 commits, one of
# which (a "cleanup" of the cap) breaks the tests. Usage: examples/make-regression-history.sh DEST
set -eu
dest=${1:?usage: make-regression-history.sh DEST}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$dest"
mkdir -p "$dest"
cp "$here/retry/retry.py" "$here/retry/test_retry.py" "$here/retry/.healer.yml" "$dest/"
printf '__pycache__/\n' > "$dest/.gitignore"
cd "$dest"
git init -q -b main
git config user.name "Demo Author"
git config user.email demo@example.com
git add -A
git commit -q -m "retry: exponential backoff with a cap"
i=1
while [ $i -le 23 ]; do
  if [ $i -eq 14 ]; then
    # The regression: the cap is applied before the delay grows, so the last delay exceeds max_delay.
    sed -i 's/        delays.append(min(delay, max_delay))/        delays.append(delay if delay < max_delay * factor else max_delay)/' retry.py
    git commit -q -am "retry: simplify the cap"
  else
    printf 'Release note %s: small improvements.\n' "$i" >> CHANGES.md
    git add CHANGES.md
    git commit -q -m "docs: release note $i"
  fi
  i=$((i + 1))
done
echo "$dest: $(git rev-list --count HEAD) commits; tests fail at HEAD" >&2
