using System.Globalization;
using MarkovFunctions.Domain.Inputs;

namespace MarkovFunctions.Pipeline.Counting;

/// <summary>
/// The temp folder a <see cref="JourneySpill"/> writes to: made only after the disk is known to have
/// room, and, before that, the folders earlier spills left behind (a kill -9 or an out-of-memory kill
/// skips their clean-up) swept once they are a day old. Only folders with this prefix are touched.
/// </summary>
public static class SpillFolder
{
    public const string Prefix = "markov-journeys-";

    /// <summary>A spill folder nothing has written to for this long belongs to a process that is gone: no run lasts a day.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// Sweeps stale spill folders from the system temp folder, checks that its disk has
    /// <paramref name="expectedBytes"/> free, then creates a folder there only this user can enter.
    /// </summary>
    public static DirectoryInfo Create(long expectedBytes)
    {
        var root = Path.GetTempPath();
        SweepStale(root, DateTime.UtcNow);
        RequireFreeSpace(root, expectedBytes);

        // Spill files hold customer ids: CreateTempSubdirectory makes the folder 700 on Unix, said again
        // so that no umask or platform default matters.
        var folder = Directory.CreateTempSubdirectory(Prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return folder;
    }

    /// <summary>
    /// Deletes the <see cref="Prefix"/> folders under <paramref name="tempRoot"/> whose newest write (the
    /// folder's or any file's in it) is older than <see cref="StaleAfter"/>; links and anything else are
    /// left alone, as are folders this user may not delete. Returns how many were deleted.
    /// </summary>
    public static int SweepStale(string tempRoot, DateTime nowUtc)
    {
        var swept = 0;
        IEnumerable<DirectoryInfo> candidates;
        try
        {
            candidates = new DirectoryInfo(tempRoot).EnumerateDirectories(Prefix + "*").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (var folder in candidates)
        {
            try
            {
                if (folder.LinkTarget is not null || folder.Attributes.HasFlag(FileAttributes.ReparsePoint)
                    || nowUtc - NewestWriteUtc(folder) < StaleAfter)
                {
                    continue;
                }

                folder.Delete(recursive: true);
                swept++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another user's folder, or one deleted meanwhile: not ours to force.
            }
        }

        return swept;
    }

    /// <summary>Refuses, naming the folder and both sizes, when <paramref name="folder"/>'s disk has less than <paramref name="neededBytes"/> free.</summary>
    public static void RequireFreeSpace(string folder, long neededBytes)
    {
        var free = new DriveInfo(folder).AvailableFreeSpace;
        if (neededBytes > free)
        {
            throw new ConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"the temp folder {folder} has {free:N0} bytes free, and counting the journeys spills about {neededBytes:N0} bytes there; free space on that disk or point TMPDIR at a larger one"));
        }
    }

    private static DateTime NewestWriteUtc(DirectoryInfo folder)
    {
        var newest = folder.LastWriteTimeUtc;
        foreach (var file in folder.EnumerateFiles())
        {
            if (file.LastWriteTimeUtc > newest)
            {
                newest = file.LastWriteTimeUtc;
            }
        }

        return newest;
    }
}
