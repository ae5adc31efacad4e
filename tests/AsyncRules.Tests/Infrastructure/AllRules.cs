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
        public static ImmutableArray<Type> AnalyzerTypes { get; } = typeof(ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToImmutableArray();

        public static ImmutableArray<Type> CodeFixTypes { get; } = typeof(ASYNC010BlockingWaitInAsyncCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToImmutableArray();

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers()
            => AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

        public static ImmutableArray<CodeFixProvider> CodeFixes()
            => CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();
    }
}
