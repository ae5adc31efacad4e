using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AsyncRules.Learn.Exercises;

namespace AsyncRules.Learn.Progress
{
    /// <summary>
    /// The learner's own copy of the exercises (by default ./asyncrules-learn), one folder per part of the walkthrough.
    /// The learner edits these files, never the repository's samples, so the tests and CI keep their broken demos. The
    /// tool's state lives beside them: <c>.learn/progress.txt</c> and <c>.learn/backup/</c>.
    /// </summary>
    internal sealed class WorkingCopy
    {
        public const string DefaultFolder = "asyncrules-learn";

        private WorkingCopy(string root, ExerciseSet set)
        {
            Root = root;
            Set = set;
            Progress = ProgressFile.Load(Path.Combine(StateFolder, "progress.txt"));
        }

        public string Root { get; }

        public ExerciseSet Set { get; }

        public ProgressFile Progress { get; }

        public string StateFolder => Path.Combine(Root, ".learn");

        public string BackupFolder => Path.Combine(StateFolder, "backup");

        /// <summary>Opens the working copy at <paramref name="root"/>; creates it, and any exercise file it lacks, when <paramref name="create"/>.</summary>
        public static WorkingCopy Open(string root, ExerciseSet set, bool create, out IReadOnlyList<Exercise> added)
        {
            var created = new List<Exercise>();
            added = created;
            if (!Directory.Exists(root))
            {
                if (!create)
                {
                    throw new LearnException($"there are no exercises at {root}: run the learn command without 'verify' once to create them there, or pass --dir.");
                }

                Directory.CreateDirectory(root);
            }

            var copy = new WorkingCopy(root, set);
            if (create)
            {
                // Each exercise is copied once: a file the learner deletes later stays deleted (x brings it back), while an
                // exercise new in this version of the tool is added.
                var known = Path.Combine(copy.StateFolder, "exercises.txt");
                var copied = File.Exists(known) ? File.ReadAllLines(known).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
                foreach (var exercise in set.Exercises.Where(e => !copied.Contains(e.Name)))
                {
                    var path = copy.PathOf(exercise);
                    if (!File.Exists(path))
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllText(path, exercise.OriginalText);
                        created.Add(exercise);
                    }
                }

                if (set.Exercises.Any(e => !copied.Contains(e.Name)))
                {
                    Directory.CreateDirectory(copy.StateFolder);
                    File.WriteAllLines(known, copied.Concat(set.Exercises.Select(e => e.Name)).Distinct().OrderBy(n => n, StringComparer.Ordinal));
                }

                var readme = Path.Combine(root, "README.md");
                if (!File.Exists(readme))
                {
                    File.WriteAllText(readme, Readme);
                }
            }

            return copy;
        }

        public string PathOf(Exercise exercise) => Path.Combine(Root, exercise.WorkingPath.Replace('/', Path.DirectorySeparatorChar));

        /// <summary>The learner's file, or null with the reason when it cannot be read.</summary>
        public string? Read(Exercise exercise, out string? problem)
        {
            var path = PathOf(exercise);
            try
            {
                problem = null;
                return File.ReadAllText(path);
            }
            catch (FileNotFoundException)
            {
                problem = $"{path} is missing; press x (or run 'reset {exercise.Name}') to get the original back";
            }
            catch (DirectoryNotFoundException)
            {
                problem = $"{path} is missing; press x (or run 'reset {exercise.Name}') to get the original back";
            }
            catch (UnauthorizedAccessException)
            {
                problem = $"cannot read {path}: permission denied";
            }
            catch (IOException exception)
            {
                problem = $"cannot read {path}: {exception.Message}";
            }

            return null;
        }

        /// <summary>Puts the original back, after saving the learner's file in the backup folder. Returns the backup's path, if any.</summary>
        public string? Reset(Exercise exercise)
        {
            var backup = Backup(exercise, DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            Write(exercise, exercise.OriginalText);
            Progress.Reset(exercise.Name);
            return backup;
        }

        /// <summary>Every exercise back to its original, all of them saved first in one backup folder; progress starts over.</summary>
        public string ResetAll()
        {
            var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            foreach (var exercise in Set.Exercises)
            {
                Backup(exercise, stamp);
                Write(exercise, exercise.OriginalText);
            }

            var progress = Path.Combine(StateFolder, "progress.txt");
            if (File.Exists(progress))
            {
                var folder = Path.Combine(BackupFolder, stamp);
                Directory.CreateDirectory(folder);
                File.Copy(progress, Path.Combine(folder, "progress.txt"), overwrite: true);
            }

            Progress.Clear();
            return Path.Combine(BackupFolder, stamp);
        }

        public void Write(Exercise exercise, string text)
        {
            var path = PathOf(exercise);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        /// <summary>Saves the learner's current file as .learn/backup/STAMP/folder/Name.cs; null when there is nothing to save.</summary>
        public string? Backup(Exercise exercise, string stamp)
        {
            var current = Read(exercise, out _);
            if (current is null)
            {
                return null;
            }

            var target = Path.Combine(BackupFolder, stamp, exercise.WorkingPath.Replace('/', Path.DirectorySeparatorChar));
            for (var n = 2; File.Exists(target); n++)
            {
                target = Path.Combine(BackupFolder, $"{stamp}-{n}", exercise.WorkingPath.Replace('/', Path.DirectorySeparatorChar));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, current);
            return target;
        }

        public static string Hash(string text)
            => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n")))).ToLowerInvariant()[..16];

        private const string Readme = """
            # Learn async by fixing

            Each file here is one of AsyncRules' broken demos: one mistake per file, in the order of the walkthrough.
            Keep `asyncrules-learn` (or `dotnet run --project samples/Learn` in the AsyncRules repository) running in a
            terminal, open the current exercise in your editor, fix it, save: it is checked at once.

            - `h` a hint, one step at a time (the last one is AsyncRules' own fix, as a diff; `a` then applies it)
            - `n` next exercise, `l` the list, `x` reset this exercise (your file is kept in .learn/backup), `q` quit
            - `asyncrules-learn verify` checks every exercise without a terminal (`--json` for a machine-readable report)

            Your progress is in `.learn/progress.txt`.
            """;
    }
}
