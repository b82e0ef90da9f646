#!/usr/bin/env python3
"""Boot xenpt's artifacts on Xen 4.17 under QEMU (arm64 virt, TCG) and record the serial line.

    xenboot.py prepare dom0less|xl
    xenboot.py boot dom0less|xl --host HOST.dts --board-out OUT/BOARD --guest NAME [--log FILE]

`prepare` downloads Debian 12's arm64 packages (Xen 4.17, the 6.1 kernel, busybox-static and,
for the xl path, the dom0 toolstack with its libraries) with `apt-get download` and unpacks them
with `dpkg-deb -x` into a cache outside the repository: $XENPT_BOOT_CACHE, else
$XDG_CACHE_HOME/xenpt-boot, else ~/.cache/xenpt-boot. Nothing is installed; a second run reuses
the cache without touching apt.

`boot` assembles the boot tree from xenpt's outputs only: the host DTS (compiled by dtc), the
host overlay `host/passthrough.dtso` (fdtoverlay), and either the guest's dom0less node
`dom0less.dtsi` and partial tree `dom0less.dtb` (modules loaded where the node says) or, for xl,
a dom0 whose initramfs holds `guest.cfg`, `guest.dtb`, the guest kernel and ramdisk at the paths
`guest.cfg` names, and runs `xl create`. Every boot file goes to a temporary folder. The guest's
init prints `XENPT-` marker lines (see GUEST_INIT); once the guest is done (or a kernel panicked)
the harness switches Xen's serial input (CTRL-a three times) and presses `q`, so Xen prints each
domain's rangesets, then stops QEMU. The whole serial line goes to stdout (and --log); checking
it is the caller's job (Tests/xenptTests/QEMUVirtBootTests.swift).

Exit status: 0 the run reached its end and Xen dumped its rangesets, 1 a timeout or a
missing dump (the log says which), 2 bad usage or missing inputs, 3 preparing failed.
"""

import argparse
import fcntl
import glob
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

XEN_PACKAGE = "xen-hypervisor-4.17-arm64"
KERNEL_META = "linux-image-arm64"
BUSYBOX_PACKAGE = "busybox-static"
# The dom0 toolstack and the DT_NEEDED closure of its programs (readelf -d), checked after unpacking.
XL_PACKAGES = [
    "xen-utils-4.17", "xenstore-utils",
    "libxencall1", "libxenevtchn1", "libxenforeignmemory1", "libxengnttab1", "libxenmisc4.17",
    "libxenstore4", "libxentoollog1", "libxentoolcore1", "libxendevicemodel1", "libxenhypfs1",
    "libyajl2", "libc6", "libgcc-s1", "libext2fs2", "libfdt1", "libuuid1", "zlib1g",
    "libcom-err2", "libblkid1", "libncurses6", "libtinfo6",
]
XL_PROGRAMS = ["xl", "xenstored", "xenconsoled", "xen-init-dom0"]
DOM0_MODULES = ["xen-evtchn", "xen-privcmd", "xenfs", "xen-gntdev", "xen-gntalloc"]

# QEMU's machine; `-machine dumpdtb=F` with these flags gives examples/qemu-virt/qemu-virt.dts.
MACHINE = ["-machine", "virt,virtualization=true,gic-version=3", "-cpu", "cortex-a57", "-m", "2G"]
XEN_BOOTARGS = "console=dtuart dtuart=/pl011@9000000 loglvl=all guest_loglvl=all"
DOM0_BOOTARGS = "console=hvc0 earlycon=xen rdinit=/init"
# dom0's kernel and initramfs (xl path): above QEMU's Xen and DTB in the low 128 MiB.
DOM0_MODULE_BASE = 0x50000000

# The guest's /init: it prints which PL031/PL061 the kernel bound and whether the RTC alarm
# interrupt came.
GUEST_INIT = r"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "XENPT-GUEST-INIT"
bound=0
for driver in rtc-pl031 pl061_gpio; do
    for device in /sys/bus/amba/drivers/$driver/*.pl0*; do
        [ -e "$device" ] || continue
        bound=1
        name=$(basename "$device")
        echo "XENPT-BOUND $driver $name"
        echo "XENPT-RESOURCE $(cat /sys/bus/amba/devices/$name/resource | head -n 1)"
    done
done
[ "$bound" = 1 ] || echo "XENPT-UNBOUND"
if [ -e /sys/class/rtc/rtc0/wakealarm ]; then
    echo "XENPT-RTC $(cat /sys/class/rtc/rtc0/name) $(cat /sys/class/rtc/rtc0/since_epoch)"
    echo 0 > /sys/class/rtc/rtc0/wakealarm
    echo +2 > /sys/class/rtc/rtc0/wakealarm
    tries=0
    while [ $tries -lt 16 ] && ! grep rtc-pl031 /proc/interrupts | grep -q -v -E '^ *[0-9]+: +0 '; do
        sleep 0.5
        tries=$((tries + 1))
    done
    grep rtc-pl031 /proc/interrupts | while read -r line; do echo "XENPT-IRQ $line"; done
fi
echo "XENPT-DONE"
while true; do sleep 1000; done
"""

# dom0's /init for the xl path; {placeholders} are filled in by boot_xl.
DOM0_INIT = r"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin
/bin/busybox --install -s /bin
export PATH=/usr/lib/xen-4.17/bin:/usr/bin:/usr/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
for module in {modules}; do insmod "$module" || echo "XENPT-DOM0 insmod failed: $module"; done
mkdir -p /proc/xen && mount -t xenfs xenfs /proc/xen
mkdir -p /var/run/xen /var/run/xenstored /var/lib/xen /var/lib/xenstored /var/log/xen/console /var/lock /etc/xen
: > /etc/xen/xl.conf
echo "XENPT-DOM0-UP"
xenstored
xen-init-dom0
xenconsoled --log=guest --log-dir=/var/log/xen/console
xl -vvv create {config}
echo "XENPT-XL-CREATE status=$?"
# The guest's PV console and its vPL011 (vuart) each have a log: guest-NAME.log, guest-NAME-vuart0.log.
logs="/var/log/xen/console/guest-{name}.log /var/log/xen/console/guest-{name}-vuart0.log"
tries=0
while [ $tries -lt {guest_wait} ]; do
    if cat $logs 2>/dev/null | grep -q -e XENPT-DONE -e "Kernel panic"; then break; fi
    sleep 0.5
    tries=$((tries + 1))
done
for log in $logs; do [ -f "$log" ] && sed 's/^/[guest] /' "$log"; done
xl list
echo "XENPT-DOM0-DONE"
while true; do sleep 1000; done
"""


class Failure(Exception):
    """A problem with the inputs or the cache, reported as one line."""

    def __init__(self, message, status=2):
        super().__init__(message)
        self.status = status


def log(message):
    print(f"xenboot: {message}", file=sys.stderr, flush=True)


def cache_dir():
    if os.environ.get("XENPT_BOOT_CACHE"):
        return os.environ["XENPT_BOOT_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "xenpt-boot")


def run(args, **kwargs):
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if result.returncode != 0:
        raise Failure(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}", 3)
    return result.stdout


# --- prepare ---------------------------------------------------------------------------------

def package_names(kind):
    names = [XEN_PACKAGE, KERNEL_META, BUSYBOX_PACKAGE]
    return names + XL_PACKAGES if kind == "xl" else names


def cached_deb(debs, name):
    """The cached .deb of package `name` (the kernel meta-package stands for its image)."""
    if name == KERNEL_META:
        found = [d for d in glob.glob(os.path.join(debs, "linux-image-6.1.0-*-arm64_*_arm64.deb"))
                 if "-unsigned" not in d and "-dbg" not in d]
    else:
        found = glob.glob(os.path.join(debs, f"{name}_*_arm64.deb"))
    return sorted(found)[-1] if found else None


def ensure_arm64_index():
    """Adds the arm64 architecture and refreshes apt's lists when arm64 packages are unknown."""
    probe = subprocess.run(["apt-cache", "policy", f"{XEN_PACKAGE}:arm64"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    if "Candidate:" in probe.stdout and "Candidate: (none)" not in probe.stdout:
        return
    foreign = run(["dpkg", "--print-foreign-architectures"]).split()
    if "arm64" not in foreign:
        run(["dpkg", "--add-architecture", "arm64"])
    run(["apt-get", "update", "-qq"])


def download(debs, name):
    if name == KERNEL_META:
        depends = run(["apt-cache", "depends", f"{KERNEL_META}:arm64"])
        match = re.search(r"Depends: (linux-image-6\.1\.0-[0-9]+-arm64)", depends)
        if not match:
            raise Failure(f"cannot tell which kernel {KERNEL_META}:arm64 depends on", 3)
        name = match.group(1)
    log(f"downloading {name}:arm64")
    run(["apt-get", "download", "-qq", f"{name}:arm64"], cwd=debs)


def prepare(kind):
    """Downloads and unpacks what `kind` boots need; returns the cache folder."""
    cache = cache_dir()
    debs = os.path.join(cache, "debs")
    unpacked = os.path.join(cache, "unpacked")
    os.makedirs(debs, exist_ok=True)
    os.makedirs(unpacked, exist_ok=True)
    with open(os.path.join(cache, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missing = [name for name in package_names(kind) if cached_deb(debs, name) is None]
        if missing:
            ensure_arm64_index()
            for name in missing:
                download(debs, name)
        for name in package_names(kind):
            deb = cached_deb(debs, name)
            if deb is None:
                raise Failure(f"{name}:arm64 did not download", 3)
            target = os.path.join(unpacked, os.path.basename(deb)[:-len(".deb")])
            if not os.path.isdir(target):
                partial = target + ".partial"
                shutil.rmtree(partial, ignore_errors=True)
                run(["dpkg-deb", "-x", deb, partial])
                os.rename(partial, target)
    return cache


def package_root(cache, name):
    deb = cached_deb(os.path.join(cache, "debs"), name)
    if deb is None:
        raise Failure(f"{name}:arm64 is not in the cache {cache}; run `xenboot.py prepare`", 3)
    return os.path.join(cache, "unpacked", os.path.basename(deb)[:-len(".deb")])


def xen_image(cache):
    path = os.path.join(package_root(cache, XEN_PACKAGE), "boot/xen-4.17-arm64")
    if not os.path.isfile(path):
        raise Failure(f"no boot/xen-4.17-arm64 in {XEN_PACKAGE}", 3)
    return path


def kernel_root(cache):
    return package_root(cache, KERNEL_META)


def kernel_image(cache):
    found = sorted(glob.glob(os.path.join(kernel_root(cache), "boot/vmlinuz-*")))
    if not found:
        raise Failure("no boot/vmlinuz-* in the kernel package", 3)
    return found[-1]


def busybox(cache):
    return os.path.join(package_root(cache, BUSYBOX_PACKAGE), "bin/busybox")


# --- initramfs (newc cpio, written deterministically: owner root, time 0) --------------------

class Cpio:
    """A newc cpio archive built in memory order: directories, files and symlinks."""

    def __init__(self):
        self.entries = {}

    def directory(self, path):
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            self.entries.setdefault("/".join(parts[:i]), ("dir", None))

    def file(self, path, source=None, data=None, mode=0o644):
        path = path.strip("/")
        if "/" in path:
            self.directory(os.path.dirname(path))
        self.entries[path] = ("file", (source, data, mode))

    def symlink(self, path, target):
        path = path.strip("/")
        if "/" in path:
            self.directory(os.path.dirname(path))
        self.entries[path] = ("link", target)

    def write(self, out):
        def header(ino, mode, size, name, nlink=1):
            fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
            return b"070701" + b"".join(b"%08X" % f for f in fields)

        def pad(n):
            return b"\0" * ((4 - n % 4) % 4)

        with open(out, "wb") as stream:
            for ino, path in enumerate(sorted(self.entries), start=1):
                kind, value = self.entries[path]
                name = path.encode()
                if kind == "dir":
                    body, mode = b"", stat.S_IFDIR | 0o755
                elif kind == "link":
                    body, mode = value.encode(), stat.S_IFLNK | 0o777
                else:
                    source, data, permissions = value
                    if data is None:
                        with open(source, "rb") as f:
                            data = f.read()
                    body, mode = data, stat.S_IFREG | permissions
                head = header(ino, mode, len(body), name) + name + b"\0"
                stream.write(head + pad(len(head)) + body + pad(len(body)))
            trailer = header(0, 0, 0, b"TRAILER!!!") + b"TRAILER!!!\0"
            stream.write(trailer + pad(len(trailer)))


def guest_initramfs(cache, out):
    archive = Cpio()
    archive.file("bin/busybox", source=busybox(cache), mode=0o755)
    archive.file("init", data=GUEST_INIT.encode(), mode=0o755)
    for folder in ("dev", "proc", "sys", "tmp"):
        archive.directory(folder)
    archive.write(out)


def add_tree(archive, root, skip):
    """Adds every file and symlink under `root` (paths relative to it) except `skip` prefixes."""
    for folder, folders, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        linked = sorted(f for f in folders if os.path.islink(os.path.join(folder, f)))
        folders[:] = sorted(f for f in folders if f not in linked)
        for name in sorted(files) + linked:
            source = os.path.join(folder, name)
            path = os.path.normpath(os.path.join(relative, name))
            if any(path.startswith(s) for s in skip):
                continue
            if os.path.islink(source):
                archive.symlink(path, os.readlink(source))
            elif os.path.isfile(source):
                archive.file(path, source=source, mode=os.stat(source).st_mode & 0o777)


def check_library_closure(roots):
    """Fails unless every DT_NEEDED library of the dom0 programs is among the unpacked files."""
    if shutil.which("readelf") is None:
        return
    libraries = set()
    for root in roots:
        for folder in ("lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu"):
            libraries.update(os.listdir(os.path.join(root, folder)) if os.path.isdir(os.path.join(root, folder)) else [])
    programs = [p for root in roots for p in glob.glob(os.path.join(root, "usr/lib/xen-4.17/bin/*"))]
    for program in programs:
        dynamic = subprocess.run(["readelf", "-d", program], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        for needed in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic):
            if needed not in libraries:
                raise Failure(f"{os.path.basename(program)} needs {needed}, which no dom0 package provides", 3)


def dom0_initramfs(cache, out, guest_files, config_path, guest_name, guest_wait):
    archive = Cpio()
    archive.file("bin/busybox", source=busybox(cache), mode=0o755)
    roots = [package_root(cache, name) for name in XL_PACKAGES]
    check_library_closure(roots)
    for root in roots:
        add_tree(archive, root, skip=["usr/share", "usr/lib/aarch64-linux-gnu/gconv", "etc/init.d", "etc/default"])
    for program in XL_PROGRAMS:
        if f"usr/lib/xen-4.17/bin/{program}" not in archive.entries:
            raise Failure(f"the toolstack has no usr/lib/xen-4.17/bin/{program}", 3)
    modules = []
    for module in DOM0_MODULES:
        found = glob.glob(os.path.join(kernel_root(cache), f"lib/modules/*/kernel/drivers/xen/**/{module}.ko"), recursive=True)
        if not found:
            raise Failure(f"the kernel package has no {module}.ko", 3)
        archive.file(f"lib/xen-modules/{module}.ko", source=found[0])
        modules.append(f"/lib/xen-modules/{module}.ko")
    for path, source in guest_files:
        archive.file(path, source=source)
    init = DOM0_INIT.format(modules=" ".join(modules), config=config_path, name=guest_name, guest_wait=guest_wait)
    archive.file("init", data=init.encode(), mode=0o755)
    for folder in ("dev", "proc", "sys", "tmp"):
        archive.directory(folder)
    archive.write(out)


# --- boot tree -------------------------------------------------------------------------------

def compile_boot_tree(work, host_dts, overlay_dtso, chosen, include=None):
    """host DTS + /chosen additions (+ xenpt's dom0less node) by dtc, then xenpt's overlay by fdtoverlay."""
    source = os.path.join(work, "boot.dts")
    with open(source, "w") as f:
        f.write(f'/include/ "{os.path.abspath(host_dts)}"\n\n/ {{\n\tchosen {{\n{chosen}\t}};\n}};\n')
        if include:
            f.write(f'\n/include/ "{os.path.abspath(include)}"\n')
    base = os.path.join(work, "base.dtb")
    overlay = os.path.join(work, "passthrough.dtbo")
    boot = os.path.join(work, "boot.dtb")
    run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", base, source])
    run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", overlay, overlay_dtso])
    run(["fdtoverlay", "-i", base, "-o", boot, overlay])
    return boot


def cells(text):
    return [int(v, 16) for v in text.split()]


def dom0less_modules(boot_dtb, guest_name):
    """(compatible kind, address, size) of each module of xenpt's domain node in the boot tree."""
    node = f"/chosen/domU-{guest_name}"
    children = run(["fdtget", "-l", boot_dtb, node]).split()
    modules = []
    for child in children:
        compatible = run(["fdtget", boot_dtb, f"{node}/{child}", "compatible"]).split()
        reg = cells(run(["fdtget", "-t", "x", boot_dtb, f"{node}/{child}", "reg"]))
        if len(reg) != 4:
            raise Failure(f"{node}/{child} reg is not one 64-bit address and size")
        kind = next((c.split(",")[1] for c in compatible if c.startswith("multiboot,") and c != "multiboot,module"), None)
        modules.append((kind, (reg[0] << 32) | reg[1], (reg[2] << 32) | reg[3]))
    return modules


def loader(path, address):
    return ["-device", f"loader,file={path},addr={address:#x},force-raw=on"]


# --- the serial line -------------------------------------------------------------------------

def die_with_parent():
    """In QEMU's process: the kernel kills it when this harness dies, however it dies (Linux)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Serial:
    """QEMU with the serial line on a pipe: read with deadlines, write keys, always killed."""

    def __init__(self, command, echo, log_file):
        self.echo = echo
        self.log_file = log_file
        self.text = ""
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=die_with_parent)

    def pump(self, seconds):
        """Reads for up to `seconds`; returns False once QEMU has exited."""
        ready, _, _ = select.select([self.process.stdout], [], [], max(seconds, 0))
        if not ready:
            return True
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            return False
        text = chunk.decode("utf-8", "replace").replace("\r", "")
        self.text += text
        if self.echo:
            sys.stdout.write(text)
            sys.stdout.flush()
        if self.log_file:
            self.log_file.write(text)
            self.log_file.flush()
        return True

    def wait_for(self, pattern, seconds, start=0):
        """Reads until `pattern` (a regex) matches the text after `start`; the match or None."""
        deadline = time.monotonic() + seconds
        expression = re.compile(pattern, re.M)
        while True:
            match = expression.search(self.text, start)
            if match:
                return match
            left = deadline - time.monotonic()
            if left <= 0 or not self.pump(min(left, 0.5)):
                return expression.search(self.text, start)

    def quiet(self, seconds, limit):
        """Reads until nothing arrives for `seconds` (at most `limit` seconds in all)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            size = len(self.text)
            if not self.pump(seconds) or len(self.text) == size:
                return

    def send(self, data):
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait()


END_MARKERS = {
    "dom0less": r"XENPT-DONE|Kernel panic - not syncing",
    "xl": r"XENPT-DOM0-DONE|Kernel panic - not syncing",
}


def converse(command, kind, timeout, echo, log_path):
    """Boots, waits for the end marker, has Xen dump its rangesets and stops QEMU; exit status."""
    started = time.monotonic()
    log_file = open(log_path, "w") if log_path else None
    serial = Serial(command, echo, log_file)
    status = 1
    try:
        end = serial.wait_for(END_MARKERS[kind], timeout)
        booted = time.monotonic() - started
        if end is None and serial.process.poll() is not None:
            log(f"QEMU exited with status {serial.process.returncode} before the end marker")
        elif end is None:
            log(f"timeout: no end marker after {timeout} s")
        else:
            serial.quiet(0.5, 3)
            # Each CTRL-a triple moves Xen's serial input to the next domain, then to Xen itself.
            switched = None
            for _ in range(4):
                mark = len(serial.text)
                serial.send(b"\x01\x01\x01")
                target = serial.wait_for(r"\*\*\* Serial input to (\S+) \(type", 5, mark)
                if target is None or target.group(1) == "Xen":
                    switched = target
                    break
            if switched is None:
                log("Xen never switched its serial input to itself")
            else:
                mark = len(serial.text)
                serial.send(b"q")
                # Domain 1's block ends with its I/O Memory line (dom0's lines may come between).
                dumped = serial.wait_for(r"Rangesets belonging to domain 1:(?:\n[^\n]*){0,8}?I/O Memory \{[^}\n]*\}", 30, mark)
                serial.quiet(0.5, 5)
                if dumped:
                    status = 0
                else:
                    log("Xen printed no rangesets for domain 1 after `q`")
        reached = end.group(0) if end else ("qemu-exited" if serial.process.poll() is not None else "timeout")
        log(f"end={reached} boot={booted:.1f}s total={time.monotonic() - started:.1f}s")
    finally:
        serial.stop()
        if log_file:
            log_file.close()
    return status


# --- the two paths ---------------------------------------------------------------------------

def qemu_command(smp, boot_dtb, cache, modules):
    command = ["qemu-system-aarch64", *MACHINE, "-smp", str(smp), "-display", "none", "-monitor", "none",
               "-serial", "stdio", "-kernel", xen_image(cache), "-dtb", boot_dtb]
    for path, address in modules:
        command += loader(path, address)
    return command


def require_file(path):
    if not os.path.isfile(path):
        raise Failure(f"missing input: {path}")
    return path


def boot_dom0less(args, cache, work):
    guest = os.path.join(args.board_out, args.guest)
    chosen = (f'\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n'
              f'\t\txen,xen-bootargs = "{XEN_BOOTARGS}";\n')
    boot = compile_boot_tree(work, args.host, require_file(os.path.join(args.board_out, "host/passthrough.dtso")),
                             chosen, include=require_file(os.path.join(guest, "dom0less.dtsi")))
    ramdisk = os.path.join(work, "guest-initramfs.cpio")
    guest_initramfs(cache, ramdisk)
    files = {"kernel": kernel_image(cache), "ramdisk": ramdisk,
             "device-tree": require_file(os.path.join(guest, "dom0less.dtb"))}
    loads = []
    for kind, address, size in dom0less_modules(boot, args.guest):
        if kind not in files:
            raise Failure(f"the domain node has a module this harness cannot fill: {kind}")
        actual = os.path.getsize(files[kind])
        if actual > size:
            raise Failure(f"the {kind} ({actual} bytes) does not fit the {size:#x} bytes its module declares")
        loads.append((files[kind], address))
    return qemu_command(1, boot, cache, loads)


def config_value(config, key):
    match = re.search(rf'^{key}\s*=\s*"([^"]*)"', config, re.M)
    return match.group(1) if match else None


def boot_xl(args, cache, work):
    guest = os.path.join(args.board_out, args.guest)
    with open(require_file(os.path.join(guest, "guest.cfg"))) as f:
        config = f.read()
    name = config_value(config, "name")
    device_tree = config_value(config, "device_tree")
    kernel = config_value(config, "kernel")
    if not (name and device_tree and kernel):
        raise Failure("guest.cfg needs name, kernel and device_tree")
    ramdisk = os.path.join(work, "guest-initramfs.cpio")
    guest_initramfs(cache, ramdisk)
    config_path = os.path.join(os.path.dirname(device_tree), "guest.cfg")
    files = [(config_path, os.path.join(guest, "guest.cfg")),
             (device_tree, require_file(os.path.join(guest, "guest.dtb"))),
             (kernel, kernel_image(cache))]
    if config_value(config, "ramdisk"):
        files.append((config_value(config, "ramdisk"), ramdisk))
    initramfs = os.path.join(work, "dom0-initramfs.cpio")
    dom0_initramfs(cache, initramfs, files, config_path, name, guest_wait=2 * max(10, int(args.timeout) - 40))
    dom0_kernel = kernel_image(cache)
    kernel_size = (os.path.getsize(dom0_kernel) + 0x1fffff) & ~0x1fffff
    ramdisk_address = DOM0_MODULE_BASE + kernel_size
    chosen = (f'\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n'
              f'\t\txen,xen-bootargs = "{XEN_BOOTARGS} dom0_mem=512M";\n'
              f'\t\txen,dom0-bootargs = "{DOM0_BOOTARGS}";\n'
              f'\t\tmodule@{DOM0_MODULE_BASE:x} {{\n\t\t\tcompatible = "multiboot,kernel", "multiboot,module";\n'
              f'\t\t\treg = <0 {DOM0_MODULE_BASE:#x} 0 {os.path.getsize(dom0_kernel):#x}>;\n\t\t}};\n'
              f'\t\tmodule@{ramdisk_address:x} {{\n\t\t\tcompatible = "multiboot,ramdisk", "multiboot,module";\n'
              f'\t\t\treg = <0 {ramdisk_address:#x} 0 {os.path.getsize(initramfs):#x}>;\n\t\t}};\n')
    boot = compile_boot_tree(work, args.host, require_file(os.path.join(args.board_out, "host/passthrough.dtso")), chosen)
    return qemu_command(2, boot, cache, [(dom0_kernel, DOM0_MODULE_BASE), (initramfs, ramdisk_address)])


def stop_on_signal(number, frame):
    raise SystemExit(128 + number)


def main():
    # SIGTERM and SIGHUP end the run through the `finally` that stops QEMU.
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    parser = argparse.ArgumentParser(description="boot xenpt's artifacts on Xen 4.17 under QEMU")
    commands = parser.add_subparsers(dest="command", required=True)
    prep = commands.add_parser("prepare", help="download and unpack the arm64 packages into the cache")
    prep.add_argument("kind", choices=["dom0less", "xl"])
    boot = commands.add_parser("boot", help="boot one guest and print the serial line")
    boot.add_argument("kind", choices=["dom0less", "xl"])
    boot.add_argument("--host", required=True, help="the board's host DTS")
    boot.add_argument("--board-out", required=True, help="xenpt build's folder for the board (OUT/BOARD)")
    boot.add_argument("--guest", required=True, help="the guest's name (its folder under --board-out)")
    boot.add_argument("--timeout", type=float, default=None, help="seconds to wait for the end marker")
    boot.add_argument("--log", help="also write the serial line to this file")
    boot.add_argument("--quiet", action="store_true", help="do not echo the serial line to stdout")
    args = parser.parse_args()
    try:
        if args.command == "prepare":
            print(prepare(args.kind))
            return 0
        for tool in ("qemu-system-aarch64", "dtc", "fdtoverlay", "fdtget"):
            if shutil.which(tool) is None:
                raise Failure(f"{tool} not installed")
        require_file(args.host)
        cache = prepare(args.kind)
        if args.timeout is None:
            args.timeout = 90 if args.kind == "dom0less" else 180
        with tempfile.TemporaryDirectory(prefix="xenpt-boot-") as work:
            command = (boot_dom0less if args.kind == "dom0less" else boot_xl)(args, cache, work)
            return converse(command, args.kind, args.timeout, not args.quiet, args.log)
    except Failure as failure:
        log(f"error: {failure}")
        return failure.status


if __name__ == "__main__":
    sys.exit(main())
