using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC022: a call's async stream is dropped (<c>ProduceAsync();</c> as a statement). An async stream is lazy: nothing of
    /// an async iterator's body runs until someone enumerates it, so the call does nothing. For a source method declared
    /// <c>async</c> the compiler also says CS4014 and suggests <c>await</c>, which cannot be followed: a stream is not awaitable.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    [NoCodeFix("Dropping the stream already does nothing. Deleting the call keeps that behaviour, enumerating it runs code that never ran; which one the author meant cannot be known, so the choice is left to them.")]
    public sealed class ASYNC022DroppedAsyncStreamAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.DroppedAsyncStream,
            title: "Do not drop an async stream",
            messageFormat: "The async stream '{0}' returns is dropped, so none of it runs: a stream starts only when enumerated with 'await foreach' (it cannot be awaited); enumerate it or remove the call",
            RuleCategories.AsyncStreams,
            DiagnosticSeverity.Warning,
            description: "Calling an async iterator only creates the stream; its body runs item by item as 'await foreach' asks for them. "
                + "A stream that is dropped is never enumerated, so the call has no effect at all. The compiler's CS4014 on such a call "
                + "suggests 'await', which does not compile for a stream.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.IAsyncEnumerableOfT is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeStatement(c, symbols), OperationKind.ExpressionStatement);
        }

        private static void AnalyzeStatement(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            if (statement.Operation is not IInvocationOperation invocation || !symbols.IsAsyncStream(invocation.Type)
                || AsyncContext.IsInExpressionTree(invocation, symbols))
            {
                return;
            }

            // Name the producer, not the ConfigureAwait/WithCancellation on top of it.
            var producer = AsyncStreams.Producer(invocation, symbols, out _) as IInvocationOperation ?? invocation;
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), producer.TargetMethod.Name));
        }
    }
}
