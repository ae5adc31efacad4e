using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Benchmarks
{
    /// <summary>
    /// Another build of AsyncRules.Analyzers, timed beside the one this benchmark is compiled against (<c>--asyncrules
    /// LABEL=PATH</c>), so that two commits are compared in the same run, repetition by repetition, on the same machine
    /// moment. Loaded in a load context of its own (<see cref="IsolatedLoader"/>): the same assembly name as this build,
    /// its own code and its own static caches.
    /// </summary>
    internal sealed record OtherBuild(string Label, string Dll)
    {
        public const string FileName = "AsyncRules.Analyzers.dll";

        /// <summary>LABEL=PATH, PATH a folder holding AsyncRules.Analyzers.dll or that file itself.</summary>
        public static bool TryParse(string value, out OtherBuild? build, out string? error)
        {
            build = null;
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                error = "LABEL=PATH expected (PATH: a folder with a build of AsyncRules.Analyzers.dll, or the .dll)";
                return false;
            }

            var label = value.Substring(0, equals).Trim();
            if (LabelError(label) is { } labelError)
            {
                error = labelError;
                return false;
            }

            var path = Path.GetFullPath(value.Substring(equals + 1));
            var dll = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
            if (!File.Exists(dll) || !string.Equals(Path.GetFileName(dll), FileName, StringComparison.OrdinalIgnoreCase))
            {
                error = Directory.Exists(path) ? $"no {FileName} in {path}" : $"{path} is neither a folder nor an {FileName}";
                return false;
            }

            build = new OtherBuild(label, dll);
            error = null;
            return true;
        }

        /// <summary>Why a label cannot name a package (it goes into the tables and the raw TSV's package column), or null.</summary>
        public static string? LabelError(string label)
            => label.Length == 0 || label.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '|')
                ? $"the label '{label}' must be one word, without '|'"
                : null;

        /// <summary>Its analyzers, as the package 'AsyncRules LABEL'; null and a one-line reason when the build does not load.</summary>
        public Program.Package? Load(IAnalyzerAssemblyLoader loader, out string? error)
        {
            var failures = new List<string>();
            ImmutableArray<DiagnosticAnalyzer> analyzers;
            try
            {
                var reference = new AnalyzerFileReference(Dll, loader);
                reference.AnalyzerLoadFailed += (_, e) =>
                {
                    if (e.ErrorCode != AnalyzerLoadFailureEventArgs.FailureErrorCode.NoAnalyzers)
                    {
                        failures.Add($"{e.ErrorCode}{(e.TypeName is null ? string.Empty : $" ({e.TypeName})")}: {e.Message}");
                    }
                };
                analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
            }
            catch (Exception e)
            {
                error = $"{Dll} does not load: {e.GetType().Name}: {e.Message}";
                return null;
            }

            if (failures.Count > 0)
            {
                error = $"{Dll} does not load: {string.Join("; ", failures.Distinct().Take(3))}";
                return null;
            }

            if (analyzers.IsEmpty)
            {
                error = $"{Dll} has no C# analyzers";
                return null;
            }

            // Its own copy, not this build's assembly resolved by name: otherwise both packages would be the same code.
            var assembly = analyzers[0].GetType().Assembly;
            if (assembly == typeof(AsyncRules.Analyzers.Rules.ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly
                || !string.Equals(Path.GetFullPath(assembly.Location), Dll, StringComparison.Ordinal))
            {
                error = $"{Dll} was not loaded from its own file (the runtime gave {assembly.Location})";
                return null;
            }

            var ordered = analyzers.OrderBy(a => a.GetType().Name, StringComparer.Ordinal).ToImmutableArray();
            var map = ordered.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToDictionary(id => id, id => new[] { id });
            error = null;
            return new Program.Package($"AsyncRules {Label}", ordered, map);
        }
    }
}
