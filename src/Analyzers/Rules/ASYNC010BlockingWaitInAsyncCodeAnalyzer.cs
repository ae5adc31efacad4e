using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC010: a coroutine blocks its thread on a task (<c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>,
    /// <c>Task.WaitAll</c>, <c>Task.WaitAny</c>) instead of awaiting it. Silent where the task is provably complete.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC010BlockingWaitInAsyncCodeAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.BlockingWaitInAsyncCode,
            title: "Do not block on a task in async code",
            messageFormat: "'{0}' blocks the thread until the wait is over; use 'await' so the thread is free meanwhile",
            RuleCategories.Blocking,
            DiagnosticSeverity.Warning,
            description: "Inside async code, waiting synchronously on a task holds the thread while the task runs, "
                + "instead of handing control back to the caller the way 'await' does. It wastes a thread, serialises work that "
                + "could overlap, and deadlocks under a single-threaded synchronization context.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
            => BlockingWait.RegisterActions(context, symbols, (c, wait) => AsyncContext.IsOnAsyncPath(wait.Operation, c.ContainingSymbol), (c, wait) => Report(c, wait, symbols));

        private static void Report(OperationAnalysisContext context, BlockingWait wait, KnownSymbols symbols)
        {
            // A wait on e.MoveNextAsync() is a blocking enumeration of an async stream: ASYNC020 reports it, not twice.
            if (wait.Tasks.Length == 1 && AsyncStreams.IsMoveNextAsync(wait.Tasks[0], symbols))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, wait.Kind.ToString());
            context.ReportDiagnostic(Diagnostic.Create(Rule, wait.Operation.Syntax.GetLocation(), properties, wait.Display));
        }
    }
}
