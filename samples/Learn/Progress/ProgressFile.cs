using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace AsyncRules.Learn.Progress
{
    internal enum ExerciseStatus
    {
        Pending,

        /// <summary>Passed by the learner's own fix.</summary>
        Done,

        /// <summary>Passed after applying AsyncRules' fix from the last hint.</summary>
        Assisted,
    }

    /// <summary>One exercise's line of the progress file.</summary>
    internal sealed record ExerciseProgress(ExerciseStatus Status, string? PassedHash, int Hints);

    /// <summary>
    /// Progress as a small text file, one line per exercise, rewritten whole (through a temporary file) on every change,
    /// so a crash or a second copy never leaves half a file. An exercise is done together with the hash of the file that
    /// passed: editing a done exercise afterwards is noticed. A file the tool cannot make sense of is kept aside, not lost.
    /// </summary>
    internal sealed class ProgressFile
    {
        private readonly string path;
        private readonly Dictionary<string, ExerciseProgress> entries = new(StringComparer.Ordinal);

        private ProgressFile(string path) => this.path = path;

        /// <summary>The exercise to continue at.</summary>
        public string? Current { get; private set; }

        /// <summary>Set when the file could not be read and was set aside: say so once.</summary>
        public string? Warning { get; private set; }

        public string Path => path;

        public static ProgressFile Load(string path)
        {
            var progress = new ProgressFile(path);
            if (!File.Exists(path))
            {
                return progress;
            }

            try
            {
                foreach (var raw in File.ReadAllLines(path))
                {
                    var line = raw.Trim();
                    if (line.Length == 0 || line.StartsWith('#'))
                    {
                        continue;
                    }

                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts[0] == "current" && parts.Length >= 2)
                    {
                        progress.Current = parts[1];
                    }
                    else if (parts.Length >= 2 && Enum.TryParse<ExerciseStatus>(parts[0], ignoreCase: true, out var status))
                    {
                        var hash = parts.Length >= 3 && parts[2] != "-" ? parts[2] : null;
                        var hints = parts.Skip(3).Select(p => p.StartsWith("hints=", StringComparison.Ordinal) && int.TryParse(p[6..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) ? h : 0).FirstOrDefault();
                        progress.entries[parts[1]] = new ExerciseProgress(status, hash, hints);
                    }
                    else
                    {
                        throw new FormatException($"unexpected line '{line}'");
                    }
                }
            }
            catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException)
            {
                progress.entries.Clear();
                progress.Current = null;
                var aside = path + ".unreadable";
                try
                {
                    File.Copy(path, aside, overwrite: true);
                    progress.Warning = $"the progress file could not be read ({exception.Message}); it was kept as {aside} and progress starts over";
                }
                catch (Exception copyFailure) when (copyFailure is IOException or UnauthorizedAccessException)
                {
                    progress.Warning = $"the progress file could not be read ({exception.Message}); progress starts over";
                }
            }

            return progress;
        }

        public ExerciseProgress Get(string exercise) => entries.TryGetValue(exercise, out var entry) ? entry : new ExerciseProgress(ExerciseStatus.Pending, null, 0);

        public void SetCurrent(string exercise)
        {
            if (Current != exercise)
            {
                Current = exercise;
                Save();
            }
        }

        public void MarkPassed(string exercise, string hash, bool assisted)
        {
            var old = Get(exercise);
            var status = assisted || old.Status == ExerciseStatus.Assisted ? ExerciseStatus.Assisted : ExerciseStatus.Done;
            entries[exercise] = old with { Status = status, PassedHash = hash };
            Save();
        }

        public void MarkAssisted(string exercise)
        {
            entries[exercise] = Get(exercise) with { Status = ExerciseStatus.Assisted };
            Save();
        }

        public void CountHint(string exercise, int step)
        {
            var old = Get(exercise);
            if (step > old.Hints)
            {
                entries[exercise] = old with { Hints = step };
                Save();
            }
        }

        public void Reset(string exercise)
        {
            entries.Remove(exercise);
            Save();
        }

        public void Clear()
        {
            entries.Clear();
            Current = null;
            Save();
        }

        private void Save()
        {
            var text = new StringBuilder();
            text.AppendLine("# asyncrules-learn progress. The tool rewrites this file; it is safe to read, copy or commit.");
            text.AppendLine("# status exercise hash-of-the-file-that-passed hints=steps-taken");
            if (Current is not null)
            {
                text.Append("current ").AppendLine(Current);
            }

            foreach (var (name, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                text.Append(entry.Status.ToString().ToLowerInvariant()).Append(' ').Append(name).Append(' ')
                    .Append(entry.PassedHash ?? "-").Append(" hints=").Append(entry.Hints.ToString(CultureInfo.InvariantCulture)).AppendLine();
            }

            var directory = System.IO.Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, text.ToString());
            File.Move(temporary, path, overwrite: true);
        }
    }
}
