using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC011 (suggestion): sync code blocks its thread on a task (<c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>,
    /// <c>Task.WaitAll</c>, <c>Task.WaitAny</c>): sync-over-async. It holds a thread for the whole wait and deadlocks when the task
    /// needs the thread's synchronization context to finish. Silent where the task is provably complete, in <c>nameof</c> and in
    /// expression trees. Its fix makes the function async and updates the callers across the solution.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC011BlockingWaitInSyncCodeAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.BlockingWaitInSyncCode,
            title: "Do not block on a task in sync code",
            messageFormat: "'{0}' blocks the thread until the task is done (sync-over-async); make the caller async and await it",
            RuleCategories.Blocking,
            DiagnosticSeverity.Info,
            description: "Synchronous code that waits on a task holds its thread until the task finishes. If the task needs that "
                + "thread to go on (a UI or single-threaded synchronization context), neither ever finishes: a deadlock. The cure is "
                + "async all the way: the function becomes a coroutine that awaits, and so do its callers, up to an entry point.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
            => BlockingWait.RegisterActions(
                context,
                symbols,
                (c, wait) => !AsyncContext.IsInAsyncCode(wait.Operation, c.ContainingSymbol) && !AsyncContext.IsInExpressionTree(wait.Operation, symbols),
                Report);

        private static void Report(OperationAnalysisContext context, BlockingWait wait)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, wait.Kind.ToString());
            context.ReportDiagnostic(Diagnostic.Create(Rule, wait.Operation.Syntax.GetLocation(), properties, wait.Display));
        }
    }
}
