using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AsyncRules.RealCode
{
    /// <summary>One compilation (csc run) seen in a build log: the project, CoreCompile's wall time, the analyzer times.</summary>
    internal sealed class Compilation
    {
        public Compilation(string project)
        {
            Project = project;
        }

        public string Project { get; }

        public double CompileSeconds { get; set; }

        /// <summary>Whether CoreCompile ran the compiler (it is skipped when the outputs are up to date).</summary>
        public bool Ran { get; set; }

        /// <summary>The compiler's "Total analyzer execution time": every analyzer, summed over threads.</summary>
        public double AllAnalyzersSeconds { get; set; }

        public double AsyncRulesSeconds { get; set; }

        /// <summary>AsyncRules' time per analyzer type, with the IDs the compiler lists for it.</summary>
        public Dictionary<string, (double Seconds, string Ids)> PerAnalyzer { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// Reads a detailed, time-stamped MSBuild file log: CoreCompile's duration per project from the timestamps of its
    /// start and end, and the compiler's <c>/reportanalyzer</c> table (the AsyncRules.Analyzers assembly row and the rows
    /// of its analyzers under it).
    /// </summary>
    internal static class BuildLog
    {
        private static readonly Regex Prefix = new(@"^(?<time>\d{2}:\d{2}:\d{2}\.\d{3})\s+(?:(?<context>\d+(?::\d+)?)>)?", RegexOptions.Compiled);
        private static readonly Regex CoreCompileStart = new(@"^Target ""CoreCompile"" in file "".*?"" from project ""(?<project>[^""]+)""", RegexOptions.Compiled);
        private static readonly Regex CoreCompileDone = new(@"^Done building target ""CoreCompile"" in project ""(?<project>[^""]+)""", RegexOptions.Compiled);
        private static readonly Regex TotalAnalyzers = new(@"^Total analyzer execution time: (?<seconds>[\d.]+) seconds", RegexOptions.Compiled);
        private static readonly Regex Row = new(@"^(?<seconds><?[\d.]+)\s+(?:<?\d+)\s+(?<name>\S.*?)\s*$", RegexOptions.Compiled);
        private static readonly Regex AnalyzerName = new(@"^(?<type>\S+)\s+\((?<ids>[^)]*)\)$", RegexOptions.Compiled);
        private static readonly Regex SummaryCoreCompile = new(@"^(?<ms>\d+) ms\s+CoreCompile\s+\d+ calls", RegexOptions.Compiled);
        private static readonly Regex Error = new(@"(?:^|\s|:)error\s+(?<code>[A-Z]+\d+)?\s*:\s*(?<text>.*)$", RegexOptions.Compiled);

        public static List<Compilation> ReadCompilations(string logFile)
        {
            var compilations = new List<Compilation>();
            if (!File.Exists(logFile))
            {
                return compilations;
            }

            var started = new Dictionary<string, (TimeSpan? Time, Compilation Compilation)>(StringComparer.Ordinal);
            Compilation? current = null;
            var inAsyncRules = false;
            foreach (var raw in File.ReadLines(logFile))
            {
                var prefix = Prefix.Match(raw);
                TimeSpan? time = prefix.Success ? TimeSpan.ParseExact(prefix.Groups["time"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture) : null;
                var context = prefix.Success ? prefix.Groups["context"].Value : string.Empty;
                var line = (prefix.Success ? raw.Substring(prefix.Length) : raw).Trim();

                Match m;
                if ((m = CoreCompileStart.Match(line)).Success)
                {
                    current = new Compilation(m.Groups["project"].Value);
                    started[context] = (time, current);
                    inAsyncRules = false;
                    continue;
                }

                if ((m = CoreCompileDone.Match(line)).Success)
                {
                    if (started.Remove(context, out var start))
                    {
                        if (time is not null && start.Time is not null)
                        {
                            var elapsed = time.Value - start.Time.Value;
                            if (elapsed < TimeSpan.Zero)
                            {
                                elapsed += TimeSpan.FromDays(1); // past midnight
                            }

                            start.Compilation.CompileSeconds = elapsed.TotalSeconds;
                        }

                        // A CoreCompile skipped as up to date runs no compiler: it prints no analyzer table and is no compilation.
                        if (start.Compilation.Ran)
                        {
                            compilations.Add(start.Compilation);
                        }
                    }

                    inAsyncRules = false;
                    continue;
                }

                if (current is null)
                {
                    continue;
                }

                if (line.StartsWith("Building target \"CoreCompile\"", StringComparison.Ordinal))
                {
                    current.Ran = true;
                    continue;
                }

                if ((m = TotalAnalyzers.Match(line)).Success)
                {
                    current.AllAnalyzersSeconds += Seconds(m.Groups["seconds"].Value);
                    continue;
                }

                if (line.Length == 0)
                {
                    inAsyncRules = false;
                    continue;
                }

                if ((m = Row.Match(line)).Success)
                {
                    var name = m.Groups["name"].Value;
                    if (name.Contains(", Version=", StringComparison.Ordinal))
                    {
                        inAsyncRules = name.StartsWith("AsyncRules.Analyzers,", StringComparison.Ordinal);
                        if (inAsyncRules)
                        {
                            current.AsyncRulesSeconds += Seconds(m.Groups["seconds"].Value);
                        }
                    }
                    else if (inAsyncRules && (m = AnalyzerName.Match(name)).Success)
                    {
                        var type = m.Groups["type"].Value;
                        current.PerAnalyzer.TryGetValue(type, out var sum);
                        current.PerAnalyzer[type] = (sum.Seconds + Seconds(Row.Match(line).Groups["seconds"].Value), m.Groups["ids"].Value);
                    }
                }
                else
                {
                    inAsyncRules = false;
                }
            }

            return compilations;
        }

        /// <summary>
        /// CoreCompile's total time in the build from MSBuild's "Target Performance Summary" (one build of one node logs
        /// no timestamps, so this is where its compile time is), or null when the log has no summary.
        /// </summary>
        public static double? CoreCompileTotalSeconds(string logFile)
        {
            if (!File.Exists(logFile))
            {
                return null;
            }

            double? total = null;
            var inTargets = false;
            foreach (var raw in File.ReadLines(logFile))
            {
                var line = raw.Trim();
                if (line.EndsWith("Performance Summary:", StringComparison.Ordinal))
                {
                    inTargets = line.StartsWith("Target Performance Summary", StringComparison.Ordinal);
                    continue;
                }

                Match m;
                if (inTargets && (m = SummaryCoreCompile.Match(line)).Success)
                {
                    total = (total ?? 0) + (double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture) / 1000);
                }
            }

            return total;
        }

        /// <summary>The first error a build printed, without the project suffix MSBuild appends, or null.</summary>
        public static string? FirstError(IEnumerable<string> lines)
        {
            foreach (var line in lines)
            {
                var m = Error.Match(line);
                if (!m.Success)
                {
                    continue;
                }

                var text = line.Trim();
                var suffix = text.LastIndexOf(" [", StringComparison.Ordinal);
                if (suffix > 0 && text.EndsWith("]", StringComparison.Ordinal))
                {
                    text = text.Substring(0, suffix);
                }

                return text;
            }

            return null;
        }

        /// <summary>The error codes of a build's errors (NU1101, CS0246, MSB4236, ...), in order, without repeats.</summary>
        public static List<string> ErrorCodes(IEnumerable<string> lines) =>
            lines.Select(l => Error.Match(l)).Where(m => m.Success && m.Groups["code"].Success).Select(m => m.Groups["code"].Value).Distinct().ToList();

        /// <summary>The projects (file names) that reported an error, from MSBuild's "[path/to/x.csproj::...]" suffix.</summary>
        public static List<string> FailedProjects(IEnumerable<string> lines) =>
            lines.Where(l => Error.IsMatch(l))
                .Select(l => Regex.Match(l, @"\[(?<project>[^\]:]+\.(?:cs|fs|vb)proj)(?:::[^\]]*)?\]\s*$"))
                .Where(m => m.Success)
                .Select(m => Path.GetFileNameWithoutExtension(m.Groups["project"].Value))
                .Distinct(StringComparer.Ordinal)
                .ToList();

        private static double Seconds(string text) =>
            text.StartsWith("<", StringComparison.Ordinal) ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
    }
}
