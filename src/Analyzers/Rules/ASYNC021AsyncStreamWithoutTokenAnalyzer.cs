using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC021: <c>await foreach</c> over a stream produced by a call in the loop header while a <c>CancellationToken</c> is in
    /// scope, and the token reaches the stream neither as an argument of the producing call nor via <c>WithCancellation</c>.
    /// Cancelling the coroutine then leaves the stream running until its next item.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC021AsyncStreamWithoutTokenAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.AsyncStreamWithoutToken,
            title: "Pass the cancellation token to the async stream",
            messageFormat: "The async stream from '{0}' is enumerated without '{1}': cancelling does not reach the stream; pass the token to the call or with 'WithCancellation'",
            RuleCategories.AsyncStreams,
            DiagnosticSeverity.Warning,
            description: "An async iterator pauses at each await between items. If the token in scope never reaches it, cancelling "
                + "the consumer does not stop the producer: it goes on to its next item, however long that takes.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.IAsyncEnumerableOfT is null || symbols.CancellationToken is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeLoop(c, symbols), OperationKind.Loop);
        }

        private static void AnalyzeLoop(OperationAnalysisContext context, KnownSymbols symbols)
        {
            if (context.Operation is not IForEachLoopOperation { IsAsynchronous: true } loop || loop.SemanticModel is not { } semanticModel)
            {
                return;
            }

            // Only a producing call in the loop header is judged: a stream held in a variable may have had the token when it was made.
            var producer = AsyncStreams.Producer(loop.Collection, symbols, out var withCancellation);
            if (withCancellation || producer is not IInvocationOperation call || !symbols.IsAsyncStream(call.Type) || AsyncStreams.PassesToken(call, symbols))
            {
                return;
            }

            var token = CancellationTokens.FindInScope(semanticModel, loop.Collection.Syntax.SpanStart, symbols, context.CancellationToken);
            if (token is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), call.TargetMethod.Name, token.Name));
        }
    }
}
