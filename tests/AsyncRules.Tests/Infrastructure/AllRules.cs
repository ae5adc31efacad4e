using System;
using System.Collections.Immutable;
using System.Linq;
using AsyncRules.Analyzers.Rules;
using AsyncRules.CodeFixes.Rules;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>Every analyzer and code fix the package ships, found by reflection so a new rule is covered without a list to update.</summary>
    internal static class AllRules
    {
        /// <summary>The rules: every analyzer that reports diagnostics (the suppressors are apart, in <see cref="SuppressorTypes"/>).</summary>
        public static ImmutableArray<Type> AnalyzerTypes { get; } = typeof(ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToImmutableArray();

        /// <summary>The package's <see cref="DiagnosticSuppressor"/>s, which a build runs next to the rules.</summary>
        public static ImmutableArray<Type> SuppressorTypes { get; } = typeof(ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticSuppressor).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToImmutableArray();

        public static ImmutableArray<Type> CodeFixTypes { get; } = typeof(ASYNC010BlockingWaitInAsyncCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToImmutableArray();

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers()
            => AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

        /// <summary>What a build of a project with the package runs: the rules and the suppressors.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> RulesAndSuppressors()
            => Analyzers().AddRange(SuppressorTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!));

        public static ImmutableArray<CodeFixProvider> CodeFixes()
            => CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();
    }
}
