using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

namespace AsyncRules.RealCode
{
    /// <summary>
    /// The two files that put AsyncRules into a build without editing the project: a .targets file the build imports
    /// through <c>CustomAfterMicrosoftCommonTargets</c> (given on the command line), and a global analyzer config that it
    /// adds, which sets every ASYNC rule's severity explicitly.
    /// </summary>
    internal static class Injection
    {
        public const string TargetsProperty = "CustomAfterMicrosoftCommonTargets";

        /// <summary>The same hook for the outer build of a multi-targeted project, which is where its restore reads
        /// WarningsNotAsErrors (Microsoft.Common.CrossTargeting.targets does not import the other one).</summary>
        public const string CrossTargetingTargetsProperty = "CustomAfterMicrosoftCommonCrossTargetingTargets";

        /// <summary>Writes both files into <paramref name="workDir"/> and returns the path of the .targets file.</summary>
        /// <remarks>With <paramref name="commandLinesDir"/>, each compilation's compiler arguments are written there too (see <see cref="CommandLineTarget"/>).</remarks>
        public static string Write(string workDir, AnalyzerUnderTest analyzer, string sarifDir, bool allWarnings, bool onlyAsyncRules, IEnumerable<string> notAsErrors, IEnumerable<string> noWarn, string? commandLinesDir = null)
        {
            var config = Path.Combine(workDir, "asyncrules.globalconfig");
            File.WriteAllText(config, GlobalConfig(analyzer.Rules, allWarnings));

            var targets = Path.Combine(workDir, "AsyncRules.RealCode.targets");
            File.WriteAllText(targets, Targets(analyzer, config, sarifDir, onlyAsyncRules, notAsErrors, noWarn, commandLinesDir));
            return targets;
        }

        /// <summary>
        /// Every rule's severity, written out: its default, or warning with --all-warnings. Written out even at the
        /// defaults, so that a repository's bulk settings (<c>dotnet_analyzer_diagnostic.severity</c>, by category or for
        /// all) do not change what is counted: an ID's own entry wins over them. Suggestions (Info) reach the SARIF log
        /// as "note", so they are collected at their own level.
        /// </summary>
        private static string GlobalConfig(IReadOnlyList<Rule> rules, bool allWarnings)
        {
            var text = new StringBuilder();
            text.AppendLine("# Written by bench/RealCode for one run; not part of any project.");
            text.AppendLine("is_global = true");
            foreach (var rule in rules)
            {
                var level = allWarnings ? "warning" : rule.DefaultLevel;
                text.Append("dotnet_diagnostic.").Append(rule.Id).Append(".severity = ").AppendLine(level);
            }

            return text.ToString();
        }

        private static string Targets(AnalyzerUnderTest analyzer, string config, string sarifDir, bool onlyAsyncRules, IEnumerable<string> notAsErrors, IEnumerable<string> noWarn, string? commandLinesDir)
        {
            // The ASYNC IDs, and NU1603 (a package source that lacks the exact lower bound a package asks for resolves
            // the next version up; that says nothing about the code, but TreatWarningsAsErrors would stop the restore).
            // The restore evaluates this file too, so NuGet honours the list.
            var ids = string.Join(";", analyzer.Rules.Select(r => r.Id).Concat(notAsErrors).Distinct());
            var sarif = Escape(Path.TrimEndingDirectorySeparator(sarifDir)) + Path.DirectorySeparatorChar + "$(MSBuildProjectName)-$(TargetFramework)-$([MSBuild]::StableStringHash('$(MSBuildProjectFullPath)')).sarif";
            var text = new StringBuilder();
            text.AppendLine("<Project>");
            text.AppendLine("  <!-- Written by bench/RealCode for one run: AsyncRules as an analyzer, its rules never errors, a SARIF 2.1 log");
            text.AppendLine("       per project and target framework, and the compiler's per-analyzer times in the build log. -->");
            text.AppendLine("  <PropertyGroup>");
            text.AppendLine("    <RunAnalyzers>true</RunAnalyzers>");
            text.AppendLine("    <RunAnalyzersDuringBuild>true</RunAnalyzersDuringBuild>");
            text.AppendLine("    <ReportAnalyzer>true</ReportAnalyzer>");
            text.AppendLine($"    <WarningsNotAsErrors>$(WarningsNotAsErrors);{ids}</WarningsNotAsErrors>");
            text.AppendLine($"    <MSBuildWarningsNotAsErrors>$(MSBuildWarningsNotAsErrors);{ids}</MSBuildWarningsNotAsErrors>");
            text.AppendLine($"    <ErrorLog>{sarif},version=2.1</ErrorLog>");
            var silenced = string.Join(";", noWarn);
            if (silenced.Length > 0)
            {
                text.AppendLine($"    <NoWarn>$(NoWarn);{silenced}</NoWarn>");
            }

            text.AppendLine("  </PropertyGroup>");
            text.AppendLine("  <ItemGroup>");
            text.AppendLine($"    <Analyzer Include=\"{Escape(analyzer.Path)}\" />");
            // EditorConfigFiles, not GlobalAnalyzerConfigFiles: the SDK turns the latter into the former while it evaluates
            // Microsoft.Managed.Core.targets, before this file is imported, so an item added here would never reach csc.
            text.AppendLine($"    <EditorConfigFiles Include=\"{Escape(config)}\" />");
            text.AppendLine("  </ItemGroup>");
            if (onlyAsyncRules)
            {
                // Runs after CoreCompile's own dependencies have resolved the analyzers. Only analyzers that come from a
                // NuGet package or the SDK are taken out, and of those not the ones that may hold a source generator (the
                // code may need what it generates): one whose name says so (System.Text.Json.SourceGeneration,
                // Microsoft.Extensions.Logging.Generators, ...) or one that declares no DiagnosticAnalyzer at all. An
                // analyzer the repository builds itself stays (StackExchange.Redis generates code with one).
                text.AppendLine("  <Target Name=\"AsyncRulesRealCodeOnlyAsyncRules\" BeforeTargets=\"CoreCompile\">");
                text.AppendLine("    <ItemGroup>");
                text.AppendLine("      <_AsyncRulesRealCodeOther Include=\"@(Analyzer)\" Condition=\"'%(Filename)%(Extension)' != '" + AnalyzerUnderTest.FileName + "' and (('$(NuGetPackageRoot)' != '' and $([System.String]::Copy('%(FullPath)').StartsWith('$(NuGetPackageRoot)'))) or ('$(NetCoreRoot)' != '' and $([System.String]::Copy('%(FullPath)').StartsWith('$(NetCoreRoot)'))))\" />");
                text.AppendLine("      <_AsyncRulesRealCodeOther Remove=\"@(_AsyncRulesRealCodeOther)\" Condition=\"$([System.Text.RegularExpressions.Regex]::IsMatch('%(Filename)', '(?i)generat|sourcegen'))\" />");
                text.AppendLine("      <_AsyncRulesRealCodeOther Remove=\"@(_AsyncRulesRealCodeOther)\" Condition=\"Exists('%(FullPath)') and !$([System.IO.File]::ReadAllText('%(FullPath)').Contains('DiagnosticAnalyzerAttribute'))\" />");
                text.AppendLine("      <Analyzer Remove=\"@(_AsyncRulesRealCodeOther)\" />");
                text.AppendLine("    </ItemGroup>");
                text.AppendLine("  </Target>");
            }

            if (commandLinesDir is not null)
            {
                text.Append(CommandLineTarget(commandLinesDir));
            }

            text.AppendLine("</Project>");
            return text.ToString();
        }

        /// <summary>
        /// The compiler's command line of each compilation, captured without a second compile: the Csc task hands out its
        /// arguments (<c>CommandLineArgs</c>, one item per argument) when <c>ProvideCommandLineArgs</c> is true, and a target
        /// after CoreCompile writes them to <c>&lt;dir&gt;/&lt;project&gt;-&lt;framework&gt;-&lt;hash&gt;.rsp</c>: the project
        /// directory on the first line (relative source paths are relative to it), then one argument per line. A CoreCompile
        /// that was skipped as up to date hands out nothing, and nothing is written.
        /// </summary>
        internal static string CommandLineTarget(string commandLinesDir)
        {
            var file = Escape(Path.TrimEndingDirectorySeparator(commandLinesDir)) + Path.DirectorySeparatorChar + "$(MSBuildProjectName)-$(TargetFramework)-$([MSBuild]::StableStringHash('$(MSBuildProjectFullPath)')).rsp";
            var text = new StringBuilder();
            text.AppendLine("  <PropertyGroup>");
            text.AppendLine("    <ProvideCommandLineArgs>true</ProvideCommandLineArgs>");
            text.AppendLine("  </PropertyGroup>");
            text.AppendLine("  <Target Name=\"AsyncRulesRealCodeCommandLine\" AfterTargets=\"CoreCompile\" Condition=\"'@(CscCommandLineArgs)' != ''\">");
            text.AppendLine($"    <WriteLinesToFile File=\"{file}\" Lines=\"$(MSBuildProjectDirectory);@(CscCommandLineArgs)\" Overwrite=\"true\" WriteOnlyWhenDifferent=\"false\" />");
            text.AppendLine("  </Target>");
            return text.ToString();
        }

        /// <summary>XML-escapes a path and keeps MSBuild from reading its special characters (;, $, @, %, ').</summary>
        private static string Escape(string path)
        {
            var xml = SecurityElement.Escape(path) ?? path;
            return xml.Replace("%", "%25").Replace(";", "%3B").Replace("@", "%40").Replace("'", "%27");
        }
    }
}
