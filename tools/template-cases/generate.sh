#!/usr/bin/env bash
# Regenerates the template table from Go itself: needs the Debian packages golang-go and
# golang-github-masterminds-sprig-dev (apt-get install -y golang-go golang-github-masterminds-sprig-dev).
set -euo pipefail
cd "$(dirname "$0")"
out=../../contracts/src/test/resources/template/go-cases.json
mkdir -p "$(dirname "$out")"
export TZ=UTC GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS=
go run main.go cases.json "$out"
go run main.go -functions "$(dirname "$out")/go-functions.txt"
