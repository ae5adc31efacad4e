using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC003: a call's awaitable result is dropped where the compiler's CS4014 stays silent: in sync code (CS4014 covers
    /// async code, and calls in sync code to methods declared <c>async</c> in the same compilation) and inside a <c>lock</c>
    /// body of async code (where no await may go, and CS4014 says nothing).
    /// <c>Task.Delay(1);</c> in a void method, <c>SaveAsync();</c> in a constructor, a dropped <c>Task.Run(...)</c>: nothing waits
    /// for the work and its exceptions are lost. The explicit discard <c>_ = SaveAsync();</c> says it is deliberate.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC003DroppedAwaitableAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.DroppedAwaitable,
            title: "Do not drop a task",
            messageFormat: "The task '{0}' returns is dropped: nothing waits for it and its exceptions are lost; await it, or discard it explicitly with '_ ='",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "Calling a coroutine only starts it. If the task it returns is neither awaited nor kept, the caller "
                + "goes on before the work is done and never learns whether it failed. The compiler warns about this (CS4014) "
                + "only in async code; this rule covers sync code.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            var awaitables = new AwaitableTypes(symbols);
            context.RegisterOperationAction(c => AnalyzeStatement(c, symbols, awaitables), OperationKind.ExpressionStatement);
        }

        private static void AnalyzeStatement(OperationAnalysisContext context, KnownSymbols symbols, AwaitableTypes awaitables)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            if (statement.Operation is not IInvocationOperation invocation)
            {
                return;
            }

            var type = invocation.Type;
            if (type is null || type.SpecialType == SpecialType.System_Void)
            {
                return;
            }

            // CS4014 already speaks in async code (except inside a lock body, where no await may go and it stays silent) and for
            // callees declared async in source; nothing runs in expression trees.
            // Top-level statements count as async code for CS4014 even without an await.
            var inAsyncCode = AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol) || AsyncContext.IsTopLevelStatement(invocation, context.ContainingSymbol);
            var compilerWarns = inAsyncCode && !IsInLockBody(invocation);
            if (compilerWarns || invocation.TargetMethod.IsAsync || AsyncContext.IsInExpressionTree(invocation, symbols))
            {
                return;
            }

            if (!awaitables.IsTaskLikeOrConfigured(type) && !awaitables.IsAwaitable(type, invocation.SemanticModel!, invocation.Syntax.SpanStart))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }

        private static bool IsInLockBody(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILockOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }
    }
}
