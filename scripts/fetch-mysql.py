#!/usr/bin/env python3
"""Fetches MySQL's server (Oracle's MySQL, not MariaDB) for the tests, into a folder of its own.

Debian's stable release ships only MariaDB; its development suite (sid) ships MySQL. This reads
sid's package index, resolves mysql-server-core's dependencies (the C library and its loader
included, so the server runs on an older system without touching it), checks each package
against the index's SHA-256, and unpacks them with dpkg-deb. Nothing is installed.

  python3 scripts/fetch-mysql.py DEST        # then DEST/usr/sbin/mysqld; run it with
  DEST/usr/lib64/ld-linux-x86-64.so.2 --library-path DEST/usr/lib/x86_64-linux-gnu DEST/usr/sbin/mysqld
"""
import concurrent.futures
import hashlib
import lzma
import os
import subprocess
import sys
import tempfile
import urllib.request

MIRROR = os.environ.get("LAKESYNC_DEBIAN_MIRROR", "http://deb.debian.org/debian")
SUITE = "sid"
ROOTS = ["mysql-server-core", "libc6", "libstdc++6", "libgcc-s1"]
# Needed to install a package, not to run mysqld.
SKIP = {"perl", "perl-base", "debconf", "dpkg", "adduser", "passwd", "init-system-helpers", "libc-bin"}


def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as answer:
        return answer.read()


def read_index():
    text = lzma.decompress(fetch(f"{MIRROR}/dists/{SUITE}/main/binary-amd64/Packages.xz")).decode()
    packages, provides = {}, {}
    for stanza in text.split("\n\n"):
        fields = {}
        for line in stanza.splitlines():
            if line and not line[0].isspace() and ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        name = fields.get("Package")
        if not name or name in packages:
            continue
        packages[name] = fields
        for item in fields.get("Provides", "").split(","):
            virtual = item.strip().split(" ")[0]
            if virtual:
                provides.setdefault(virtual, name)
    return packages, provides


def closure(packages, provides):
    wanted, todo = [], list(ROOTS)
    while todo:
        name = todo.pop().split(":")[0]
        if name in SKIP:
            continue
        name = name if name in packages else provides.get(name, name)
        if name in wanted:
            continue
        if name not in packages:
            raise SystemExit(f"fetch-mysql: {name} is not in Debian {SUITE}")
        wanted.append(name)
        fields = packages[name]
        for dep in f"{fields.get('Pre-Depends', '')},{fields.get('Depends', '')}".split(","):
            first = dep.split("|")[0].strip().split(" ")[0]
            if first:
                todo.append(first)
    return [packages[name] for name in wanted]


def download(fields, folder):
    data = fetch(f"{MIRROR}/{fields['Filename']}")
    if hashlib.sha256(data).hexdigest() != fields["SHA256"]:
        raise SystemExit(f"fetch-mysql: {fields['Filename']} does not match the index's SHA-256")
    path = os.path.join(folder, os.path.basename(fields["Filename"]))
    with open(path, "wb") as file:
        file.write(data)
    return path


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: fetch-mysql.py DEST")
    dest = sys.argv[1]
    packages, provides = read_index()
    wanted = closure(packages, provides)
    size = sum(int(p["Size"]) for p in wanted) / 1e6
    version = packages["mysql-server-core"]["Version"]
    print(f"› fetching MySQL {version} from Debian {SUITE}: {len(wanted)} packages, {size:.0f} MB")
    os.makedirs(dest, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            paths = list(pool.map(lambda p: download(p, folder), wanted))
        for path in paths:
            subprocess.run(["dpkg-deb", "-x", path, dest], check=True)


if __name__ == "__main__":
    main()
