using System;
using System.IO;
using System.Threading;

namespace AsyncRules.Learn.Ui
{
    /// <summary>
    /// Tells the loop when the current exercise's file changed. File events by default; polling where they are known not
    /// to arrive (WSL's /mnt drives, DOTNET_USE_POLLING_FILE_WATCHER, --poll) or cannot be set up; none with --manual. A
    /// poll runs under the file events too: when it sees a save that no event reported, the watch switches to polling and
    /// says so, instead of failing silently (what learners hit with other tools on WSL, Docker mounts, network shares).
    /// </summary>
    internal sealed class FileWatch : IDisposable
    {
        public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan EventGrace = TimeSpan.FromSeconds(1.5);

        private readonly object gate = new();
        private readonly Action<string> changed;
        private readonly Action<string> announce;
        private readonly FileSystemWatcher? watcher;
        private readonly Timer? poller;
        private string? path;
        private (DateTime Written, long Length)? stamp;
        private DateTime lastEvent = DateTime.MinValue;
        private DateTime? unreportedSince;

        public FileWatch(string root, bool poll, bool manual, Func<string, string?> environment, Action<string> changed, Action<string> announce)
        {
            this.changed = changed;
            this.announce = announce;
            if (manual)
            {
                Description = "manual mode: press r to check your file";
                return;
            }

            var pollingVariable = environment("DOTNET_USE_POLLING_FILE_WATCHER");
            string? pollReason = poll ? "--poll"
                : pollingVariable is "1" or "true" or "True" ? "DOTNET_USE_POLLING_FILE_WATCHER is set"
                : OnWslWindowsDrive(root) ? "file events do not arrive from Windows drives under WSL"
                : null;
            if (pollReason is null)
            {
                try
                {
                    watcher = new FileSystemWatcher(root, "*.cs")
                    {
                        IncludeSubdirectories = true,
                        NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                    };
                    watcher.Changed += (_, e) => OnEvent(e.FullPath);
                    watcher.Created += (_, e) => OnEvent(e.FullPath);
                    watcher.Renamed += (_, e) => OnEvent(e.FullPath);
                    watcher.EnableRaisingEvents = true;
                }
                catch (Exception exception) when (exception is IOException or PlatformNotSupportedException or UnauthorizedAccessException or ArgumentException)
                {
                    watcher?.Dispose();
                    watcher = null;
                    pollReason = $"file events could not be set up ({exception.Message})";
                }
            }

            Polling = watcher is null;
            Description = Polling
                ? $"checking your file every {PollEvery.TotalSeconds:0.0} s ({pollReason}); press r to check now"
                : "watching your file: save it to check it";
            poller = new Timer(_ => Poll(), null, PollEvery, PollEvery);
        }

        /// <summary>Tests only: file events are dropped, as on a file system that never delivers them.</summary>
        internal bool DropEvents { get; init; }

        /// <summary>How the file is watched, in words, for the screen.</summary>
        public string Description { get; private set; }

        public bool Polling { get; private set; }

        /// <summary>Watches <paramref name="file"/> from now on (the current exercise).</summary>
        public void Track(string file)
        {
            lock (gate)
            {
                path = Path.GetFullPath(file);
                stamp = Stamp(path);
                unreportedSince = null;
            }
        }

        private void OnEvent(string file)
        {
            if (DropEvents)
            {
                return;
            }

            string? current;
            lock (gate)
            {
                current = path;
                if (current is null || !string.Equals(Path.GetFullPath(file), current, StringComparison.Ordinal))
                {
                    return; // another exercise's file: edits there never move the learner
                }

                lastEvent = DateTime.UtcNow;
                stamp = Stamp(current);
                unreportedSince = null;
            }

            changed(current);
        }

        private void Poll()
        {
            string? current;
            var report = false;
            var switched = false;
            lock (gate)
            {
                current = path;
                if (current is null)
                {
                    return;
                }

                var now = Stamp(current);
                if (now == stamp)
                {
                    return;
                }

                if (Polling)
                {
                    stamp = now;
                    report = true;
                }
                else if (unreportedSince is null)
                {
                    unreportedSince = DateTime.UtcNow; // give the event a moment to come
                }
                else if (DateTime.UtcNow - unreportedSince > EventGrace && lastEvent < unreportedSince)
                {
                    // A save and no event: this file system does not deliver them. Poll from now on, and say so.
                    Polling = true;
                    watcher?.Dispose();
                    stamp = now;
                    report = true;
                    switched = true;
                    Description = $"checking your file every {PollEvery.TotalSeconds:0.0} s (a save arrived without a file event, as on Docker mounts and network drives); press r to check now";
                }
            }

            if (report)
            {
                if (switched)
                {
                    announce("File events did not arrive for your save, so the learn tool now checks your file every 0.5 s. (--poll starts that way; --manual turns watching off, r checks.)");
                }

                changed(current);
            }
        }

        private static (DateTime, long)? Stamp(string file)
        {
            try
            {
                var info = new FileInfo(file);
                return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static bool OnWslWindowsDrive(string root)
        {
            try
            {
                return OperatingSystem.IsLinux()
                       && root.StartsWith("/mnt/", StringComparison.Ordinal)
                       && File.Exists("/proc/version")
                       && File.ReadAllText("/proc/version").Contains("microsoft", StringComparison.OrdinalIgnoreCase);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            poller?.Dispose();
            watcher?.Dispose();
        }
    }
}
