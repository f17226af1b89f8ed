"""The child's walls, raised before any learner code runs: parent-death signal, namespaces, a read-only root.

Part of the child side of a check (see ``probe``): standard library only, loaded
by ``probe`` from its path, and it imports nothing of the tutor.  ``jail(files)``
puts the process in its own user, mount, PID and network namespaces (Linux, with
``unshare(2)`` through ctypes), forks the process that will run the learner's
code as PID 1 of the new PID namespace (when it ends, the kernel kills every
process left in it), mounts a new root on a tmpfs with only the system's
program folders bound read-only, writes the workspace copy into a tmpfs of its
own at ``/workspace`` (the only writable place), ``chroot``s there and drops
every capability, so the code keeps no root power inside the namespace either:
no home, no store, no other learner's files, no network, no ``/proc``.  It also
holds the two pipes' ends: ``read_request`` and ``sender``.
"""

import base64
import ctypes
import json
import os
import signal
import sys

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_SET_NO_NEW_PRIVS = 1, 24, 28, 38
SECURE_ALL = 0x2f           # NOROOT, NO_SETUID_FIXUP, KEEP_CAPS_LOCKED... each one locked
ROOT_BINDS = ("/usr", "/lib", "/lib64", "/bin", "/sbin")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")
WORKSPACE = "/workspace"
LOST_PIPE = 75            # exit status: the pipe to the tutor was closed under us


class JailError(Exception):
    """The namespaces could not be set up (not Linux, user namespaces turned off...)."""


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError as e:
        raise JailError(f"no C library: {e}") from None


def _call(fn, *args, what):
    if fn(*args) != 0:
        err = ctypes.get_errno()
        raise JailError(f"{what}: {os.strerror(err)}")


def die_with_parent(parent_pid):
    """SIGKILL this process when its parent ends, however it ends; if the parent is
    already gone (it died before this line), end now."""
    try:
        libc = _libc()
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (JailError, AttributeError):      # not Linux: the tutor's killpg is all there is
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(70)


def jail(files):
    """Enter the namespaces; returns in the PID-1 process, chrooted in the workspace
    copy.  The process that called it waits there for that one and ends as it ends."""
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    _call(libc.unshare, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET,
          what="new namespaces")
    try:
        for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"),
                           ("gid_map", f"0 {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
    except OSError as e:
        raise JailError(f"user namespace maps: {e.strerror}") from None
    pid = os.fork()
    if pid:
        _mirror(pid)
    die_with_parent(None)      # its parent is outside the PID namespace: getppid() is 0
    _new_root(libc, files)
    _drop_capabilities(libc)


def _mirror(pid):
    """The outer process: wait for the namespace's PID 1 and end the way it ended."""
    os.closerange(3, 1 << 16)       # it keeps no pipe to the tutor: only PID 1 reports
    try:
        _, status = os.waitpid(pid, 0)
    except BaseException:
        os._exit(71)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 71)


def _mount(libc, source, target, fstype, flags, data=None):
    enc = (lambda s: s.encode() if s is not None else None)
    _call(libc.mount, enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data),
          what=f"mount {target}")


def _bind_readonly(libc, root, path):
    if os.path.islink(path):
        os.symlink(os.readlink(path), root + path)
        return
    target = root + path
    if os.path.isdir(path):
        os.makedirs(target, exist_ok=True)
    elif os.path.exists(path):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "w").close()
    else:
        return
    _mount(libc, path, target, None, MS_BIND | MS_REC)
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY
    kept = os.statvfs(target).f_flag          # a remount may not drop what the host set
    for have, flag in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV),
                       (getattr(os, "ST_NOEXEC", 8), MS_NOEXEC)):
        if kept & have:
            flags |= flag
    _mount(libc, None, target, None, flags)


def _new_root(libc, files):
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    root = "/tmp"                             # hidden under the new tmpfs: nothing of it shows
    if not os.path.isdir(root):
        root = "/"
    _mount(libc, "micrograd-check", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
    for path in ROOT_BINDS + (sys.base_prefix,) + DEVICES:
        if not os.path.exists(root + path) or path in DEVICES:
            _bind_readonly(libc, root, path)
    os.makedirs(root + WORKSPACE)
    _mount(libc, "workspace", root + WORKSPACE, "tmpfs", MS_NOSUID | MS_NODEV,
           "size=64m,mode=755")
    write_files(root + WORKSPACE, files)
    _mount(libc, None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(root)
    os.chroot(".")
    os.chdir(WORKSPACE)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _drop_capabilities(libc):
    """No capability left, none to regain by exec: root of the namespace is then an
    ordinary user who cannot mount, chroot out or remount anything writable."""
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    _call(libc.prctl, PR_SET_SECUREBITS, SECURE_ALL, 0, 0, 0, what="securebits")
    _call(libc.capset, ctypes.byref(_CapHeader(0x20080522, 0)), (_CapData * 2)(),
          what="drop capabilities")
    _call(libc.prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, what="no new privileges")


def write_files(folder, files):
    """The workspace copy the tutor sent: {relative path: bytes}."""
    for rel, data in files.items():
        path = os.path.join(folder, rel)
        if not os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def enter(request, files, send):
    """Namespaces if the system has them, else a private folder; returns the workspace."""
    why = "the tutor was asked not to use namespaces"
    if request["namespaces"]:
        try:
            jail(files)
            send({"isolation": "namespaces"})
            return WORKSPACE
        except (JailError, OSError) as e:
            if os.getpid() == 1:         # half inside: no way back to a plain process
                send({"done": True, "refused": f"the check could not set up its walls: {e}"})
                os._exit(0)
            why = str(e)
        if request["require_namespaces"]:
            send({"done": True, "refused": why})
            os._exit(0)
    import tempfile

    folder = tempfile.mkdtemp(prefix=f"micrograd-check-{os.getpid()}-")
    write_files(folder, files)
    os.chdir(folder)
    send({"isolation": "limits", "why": why})
    return folder


def limit(limits):
    """Lower this process's own limits before any learner code runs."""
    no_processes()
    try:
        import resource
    except ImportError:           # not POSIX: only the tutor's wall clock limits the check
        return

    def lower(kind, value):
        soft, hard = resource.getrlimit(kind)
        new_hard = value if hard == resource.RLIM_INFINITY else min(hard, value)
        try:
            resource.setrlimit(kind, (min(value, new_hard), new_hard))
        except (ValueError, OSError):
            pass

    lower(resource.RLIMIT_CPU, limits["cpu"])
    lower(resource.RLIMIT_AS, limits["memory"])
    lower(resource.RLIMIT_FSIZE, limits["fsize"])
    lower(resource.RLIMIT_CORE, 0)
    if hasattr(resource, "RLIMIT_NPROC"):
        lower(resource.RLIMIT_NPROC, 0)   # no fork (root is exempt: the tutor kills the group)


def no_processes():
    """Starting processes raises, for root too (whom RLIMIT_NPROC does not stop): an
    accidental fork in learner code must not multiply."""
    def refuse(*args, **kwargs):
        raise PermissionError("the check does not let your code start other processes")

    for name in ("fork", "forkpty", "system", "posix_spawn", "posix_spawnp", "popen"):
        if hasattr(os, name):
            setattr(os, name, refuse)
    try:
        import _posixsubprocess
        _posixsubprocess.fork_exec = refuse
    except ImportError:
        pass


def sender(fd):
    """The one function that writes to the tutor's pipe; the descriptor lives only here."""
    def send(record):
        data = (json.dumps(record) + "\n").encode("utf-8")
        try:
            while data:
                data = data[os.write(fd, data):]
        except OSError:             # the learner's code closed it: say so by the status
            os._exit(LOST_PIPE)
    return send


def read_request(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    request = json.loads(b"".join(chunks))
    files = {rel: base64.b64decode(data) for rel, data in request.pop("files").items()}
    return request, files
