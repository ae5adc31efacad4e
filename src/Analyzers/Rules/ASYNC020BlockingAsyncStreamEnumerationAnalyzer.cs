using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC020: async code enumerates an async stream by blocking: <c>stream.ToBlockingEnumerable()</c> (in a <c>foreach</c>,
    /// under LINQ or anywhere), or a manual enumeration that waits on <c>e.MoveNextAsync()</c> with <c>.Result</c>,
    /// <c>.GetAwaiter().GetResult()</c> or <c>.AsTask().Wait()</c>. The coroutine should use <c>await foreach</c> / <c>await</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC020BlockingAsyncStreamEnumerationAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.BlockingAsyncStreamEnumeration,
            title: "Do not enumerate an async stream by blocking in async code",
            messageFormat: "'{0}' blocks the thread until each item of the async stream arrives; use 'await foreach' (or 'await') so the thread is free meanwhile",
            RuleCategories.AsyncStreams,
            DiagnosticSeverity.Warning,
            description: "An async stream hands out its items as they become ready. Reading it through ToBlockingEnumerable() or by "
                + "waiting on MoveNextAsync() holds the thread for every item, inside a coroutine that could have awaited each one "
                + "and let other work run meanwhile.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.IAsyncEnumerableOfT is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            context.RegisterOperationAction(c => AnalyzePropertyReference(c, symbols), OperationKind.PropertyReference);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            switch (invocation.TargetMethod.Name)
            {
                case "ToBlockingEnumerable" when symbols.IsAsyncStreamExtension(invocation.TargetMethod, "ToBlockingEnumerable"):
                    Report(context, invocation, DiagnosticProperties.ToBlockingEnumerable, "ToBlockingEnumerable()");
                    break;
                case "Wait" or "GetResult" when BlockingWait.TryMatch(invocation, symbols, out var wait) && IsOnMoveNextAsync(wait, symbols):
                    Report(context, invocation, DiagnosticProperties.MoveNextAsync, "MoveNextAsync()" + wait.Display);
                    break;
            }
        }

        private static void AnalyzePropertyReference(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (reference.Property.Name == "Result" && BlockingWait.TryMatch(reference, symbols, out var wait) && IsOnMoveNextAsync(wait, symbols))
            {
                Report(context, reference, DiagnosticProperties.MoveNextAsync, "MoveNextAsync().Result");
            }
        }

        private static bool IsOnMoveNextAsync(BlockingWait wait, KnownSymbols symbols)
            => wait.Tasks.Length == 1 && AsyncStreams.IsMoveNextAsync(wait.Tasks[0], symbols);

        private static void Report(OperationAnalysisContext context, IOperation operation, string kind, string display)
        {
            if (!AsyncContext.IsOnAsyncPath(operation, context.ContainingSymbol) || AsyncContext.IsInNameOf(operation))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, kind);
            context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, display));
        }
    }
}
