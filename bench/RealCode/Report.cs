using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AsyncRules.RealCode
{
    /// <summary>One deduplicated result, with its path relative to the repository root and its source line.</summary>
    internal sealed record Result(Finding Finding, string Path, string Source, Rule Rule)
    {
        /// <summary>The level the result was reported at in this run: error, warning or suggestion.</summary>
        public string Severity => Finding.Level switch
        {
            "error" => "error",
            "warning" => "warning",
            _ => "suggestion",
        };

        public bool IsSuggestion => Severity == "suggestion";
    }

    /// <summary>Prints the results, the counts per rule and the times; writes the results as a TSV for triage.</summary>
    internal sealed class Report
    {
        private readonly Options options;
        private readonly AnalyzerUnderTest analyzer;
        private readonly List<(BuildTarget Target, bool Ok, double Seconds, string Message)> builds;
        private readonly List<Result> results;
        private readonly List<Compilation> compilations;
        private readonly double? compileTotal;
        private readonly int suppressed;
        private readonly List<string> unreadable;

        public Report(
            Options options,
            AnalyzerUnderTest analyzer,
            List<(BuildTarget Target, bool Ok, double Seconds, string Message)> builds,
            List<Result> results,
            List<Compilation> compilations,
            double? compileTotal,
            int suppressed,
            List<string> unreadable)
        {
            this.options = options;
            this.analyzer = analyzer;
            this.builds = builds;
            this.results = results;
            this.compilations = compilations;
            this.compileTotal = compileTotal;
            this.suppressed = suppressed;
            this.unreadable = unreadable;
        }

        public void Print(TextWriter output) => output.Write(ToText());

        public string ToText()
        {
            var text = new StringBuilder();
            var warnings = results.Where(r => !r.IsSuggestion).ToList();
            var suggestions = results.Where(r => r.IsSuggestion).ToList();

            text.AppendLine();
            text.AppendLine($"== warnings: {warnings.Count}");
            AppendResults(text, warnings);
            text.AppendLine();
            text.AppendLine($"== suggestions: {suggestions.Count}{(options.AllWarnings ? " (every rule was raised to warning)" : string.Empty)}");
            AppendResults(text, suggestions);

            text.AppendLine();
            text.AppendLine("== counts per rule");
            text.AppendLine("rule      default     results");
            foreach (var rule in analyzer.Rules)
            {
                var count = results.Count(r => r.Finding.RuleId == rule.Id);
                text.AppendLine($"{rule.Id,-9} {rule.DefaultLevel,-11} {count,7}");
            }

            foreach (var level in analyzer.Rules.Select(r => r.DefaultLevel).Distinct())
            {
                var count = results.Count(r => r.Rule.DefaultLevel == level);
                text.AppendLine($"{"rules that default to " + level,-28} {count,0}");
            }

            text.AppendLine($"total: {results.Count} ({warnings.Count} reported as warnings, {suggestions.Count} as suggestions)");
            if (suppressed > 0)
            {
                text.AppendLine($"not counted: {suppressed} suppressed in the source");
            }

            foreach (var file in unreadable)
            {
                text.AppendLine($"note: could not read the SARIF log {file}");
            }

            text.AppendLine();
            text.AppendLine("== builds");
            foreach (var build in builds)
            {
                var what = build.Target.Note is null ? build.Target.DisplayName : $"{build.Target.DisplayName} ({build.Target.Note})";
                text.AppendLine($"{(build.Ok ? "ok    " : "FAILED")} {build.Seconds,6:0.0} s  {what}{(build.Ok ? string.Empty : $": {build.Message}")}");
            }

            AppendTimes(text);
            return text.ToString();
        }

        private void AppendResults(StringBuilder text, List<Result> list)
        {
            foreach (var result in list)
            {
                var f = result.Finding;
                text.AppendLine($"{f.RuleId}  {result.Path}:{f.Line}:{f.Column}  {f.Message}");
                if (result.Source.Length > 0)
                {
                    text.AppendLine($"          | {result.Source}");
                }
            }
        }

        private void AppendTimes(StringBuilder text)
        {
            text.AppendLine();
            text.AppendLine($"== time ({compilations.Count} compilations{(options.Parallel ? "; built in parallel, so compile times overlap" : string.Empty)})");
            if (compilations.Count == 0)
            {
                text.AppendLine("no compilation ran (nothing built, or everything was up to date)");
                return;
            }

            var compile = compileTotal ?? compilations.Sum(c => c.CompileSeconds);
            var all = compilations.Sum(c => c.AllAnalyzersSeconds);
            var ours = compilations.Sum(c => c.AsyncRulesSeconds);
            text.AppendLine($"compile (CoreCompile, wall, summed):        {compile,8:0.00} s");
            text.AppendLine($"all analyzers (compiler's total, summed):   {all,8:0.00} s{(options.OnlyAsyncRules ? "  (the project's own analyzers were off)" : string.Empty)}");
            text.AppendLine($"AsyncRules:                                 {ours,8:0.000} s = {Percent(ours, compile)} of compile");
            var perAnalyzer = compilations.SelectMany(c => c.PerAnalyzer)
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .Select(g => (Name: Short(g.Key, g.First().Value.Ids), Seconds: g.Sum(p => p.Value.Seconds)))
                .OrderByDescending(p => p.Seconds)
                .ToList();
            if (perAnalyzer.Count > 0)
            {
                text.AppendLine("AsyncRules per analyzer: " + string.Join(", ", perAnalyzer.Select(p => $"{p.Name} {p.Seconds:0.000} s")));
            }

            text.AppendLine("per compilation:");
            foreach (var c in compilations)
            {
                var project = Path.GetFileNameWithoutExtension(c.Project);
                var own = c.CompileSeconds > 0 ? $"compile {c.CompileSeconds,7:0.00} s  " : string.Empty;
                var share = c.CompileSeconds > 0 ? $" ({Percent(c.AsyncRulesSeconds, c.CompileSeconds)})" : string.Empty;
                text.AppendLine($"  {project,-40} {own}all analyzers {c.AllAnalyzersSeconds,7:0.00} s  AsyncRules {c.AsyncRulesSeconds,6:0.000} s{share}");
            }
        }

        /// <summary>An analyzer type by its rule ID when it reports one rule (ASYNC031), else by its short type name and IDs.</summary>
        private static string Short(string type, string ids)
        {
            var list = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (list.Length == 1)
            {
                return list[0];
            }

            var name = type.Substring(type.LastIndexOf('.') + 1);
            return list.Length == 0 ? name : $"{name} ({string.Join(", ", list)})";
        }

        private static string Percent(double part, double whole) => whole > 0 ? $"{100 * part / whole:0.0} %" : "n/a";

        public void WriteTsv(string file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var writer = new StreamWriter(file, append: false, new UTF8Encoding(false));
            writer.WriteLine("rule\tseverity\tpath\tline\tcol\tmessage\tsource");
            foreach (var r in results)
            {
                writer.WriteLine(string.Join("\t", r.Finding.RuleId, r.Severity, Clean(r.Path), r.Finding.Line, r.Finding.Column, Clean(r.Finding.Message), Clean(r.Source)));
            }
        }

        private static string Clean(string value) => value.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
    }
}
