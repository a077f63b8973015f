using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VmsServices.Recording.Storage;

/// <summary>
/// The few file-system operations whose durability the segment store relies on. A file's bytes
/// are made durable with <see cref="FileStream.Flush(bool)"/> (fsync / FlushFileBuffers); the
/// existence of a new file or directory is only durable once its PARENT directory is fsync'ed
/// (POSIX: fsync of a file does not persist its directory entry). .NET cannot open a directory
/// (File.OpenHandle rejects it), so on Linux and macOS we call open(2)+fsync(2) from libc. On
/// Windows NTFS journals metadata and there is no directory fsync: a no-op there.
/// </summary>
public static class DurableFileSystem
{
    private const int ORdOnly = 0; // O_RDONLY; O_DIRECTORY's value differs per architecture, and open(2) accepts a directory without it

    /// <summary>Makes the entries of <paramref name="directory"/> (files created, renamed, deleted in it) durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = open(directory, ORdOnly);
        if (fd < 0) throw new IOException($"Cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            // EINVAL: the file system cannot fsync a directory (some network/FUSE mounts): nothing more can be done.
            if (fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EInval)
                throw new IOException($"fsync of directory '{directory}' failed (errno {errno}).");
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing ancestors, and fsyncs the parent of each
    /// one created so the whole chain survives a power loss.
    /// </summary>
    public static void CreateDirectoryDurably(string directory)
    {
        var full = Path.GetFullPath(directory);
        var missing = new Stack<string>();
        for (var d = full; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing.Push(d);
        if (missing.Count == 0) return;
        Directory.CreateDirectory(full);
        foreach (var created in missing) FsyncDirectory(Path.GetDirectoryName(created)!);
    }

    /// <summary>Deletes a file and returns whether it existed. Not fsync'ed: a deletion lost in a crash leaves an orphan that reconciliation removes.</summary>
    public static bool DeleteFile(string path)
    {
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Asks the kernel to drop the cached pages of a durable range [from, to) of a file (posix_fadvise
    /// POSIX_FADV_DONTNEED; clean pages go at once, only whole pages inside the range). Best effort:
    /// the bytes are on disk either way, so a refusal changes nothing but the cache. Linux only.
    /// </summary>
    public static void DropCachedPages(SafeFileHandle file, long fromOffset, long toOffset)
    {
        if (!OperatingSystem.IsLinux() || toOffset <= fromOffset) return;
        _ = posix_fadvise(file, fromOffset, toOffset - fromOffset, PosixFadvDontNeed);
    }

    private const int PosixFadvDontNeed = 4;
    private const int EInval = 22;

    [DllImport("libc", SetLastError = false)]
    private static extern int posix_fadvise(SafeFileHandle fd, long offset, long length, int advice);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
