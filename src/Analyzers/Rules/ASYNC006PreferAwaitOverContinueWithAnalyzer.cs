using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC006: a <c>ContinueWith</c> whose task is awaited, returned or stored: a continuation chain written as callbacks, the
    /// style native coroutines replaced (Python's generator-based coroutines). Silent on a <c>ContinueWith</c> whose task goes
    /// nowhere (dropped, discarded, passed on): with a sync continuation it only registers a callback
    /// (<see cref="Continuations.IsCallbackRegistration"/>), with an async one the dropped inner task is ASYNC003's.
    /// Silent in expression trees.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC006PreferAwaitOverContinueWithAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.PreferAwaitOverContinueWith,
            title: "Prefer await over ContinueWith",
            messageFormat: "This task is {0} with its continuation written as a callback: await the antecedent and write the rest after it",
            RuleCategories.Await,
            DiagnosticSeverity.Info,
            description: "ContinueWith is how continuations were chained before async/await. The callback runs on TaskScheduler.Current "
                + "rather than the caller's context, reads the antecedent's failure as an AggregateException that hides the original "
                + "exception and its stack trace, and runs whether the antecedent succeeded or not unless told otherwise. 'await' chains "
                + "the same steps as a native coroutine: the rest of the method is the continuation, and failures surface as they were thrown.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!Continuations.IsContinueWith(invocation.TargetMethod, symbols))
            {
                return;
            }

            var use = Continuations.Use(invocation, out _);
            if (use == ContinuationUse.None || AsyncContext.IsInExpressionTree(invocation, symbols))
            {
                return;
            }

            var name = invocation.Syntax is InvocationExpressionSyntax { Expression: var callee }
                ? callee switch
                {
                    MemberAccessExpressionSyntax access => access.Name,
                    MemberBindingExpressionSyntax binding => binding.Name,
                    _ => callee,
                }
                : invocation.Syntax;
            var what = use switch
            {
                ContinuationUse.Awaited => "awaited",
                ContinuationUse.Returned => "returned",
                _ => "stored",
            };
            context.ReportDiagnostic(Diagnostic.Create(Rule, name.GetLocation(), what));
        }
    }
}
