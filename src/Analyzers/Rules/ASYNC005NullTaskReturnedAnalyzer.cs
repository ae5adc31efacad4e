using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC005: <c>return null;</c> (or <c>default</c>, <c>null!</c>) from a method or lambda that is not async and returns
    /// <c>Task</c> or <c>Task&lt;T&gt;</c> (not a declared <c>Task?</c>). The caller gets no task at all, and <c>await</c> on it throws NullReferenceException.
    /// (In an async method, <c>return null</c> is the task's result, which is fine; a <c>ValueTask</c>'s default is a finished task.)
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC005NullTaskReturnedAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.NullTaskReturned,
            title: "Do not return null as a Task",
            messageFormat: "This returns a null Task: awaiting it throws NullReferenceException; return a finished task instead",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "A method that returns Task promises an awaitable. Returning null breaks the promise: the caller's "
                + "'await' dereferences null. Return Task.CompletedTask, or Task.FromResult(value) for Task<T>.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            context.RegisterOperationAction(c => AnalyzeReturn(c, symbols), OperationKind.Return);
        }

        private static void AnalyzeReturn(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var returnOperation = (IReturnOperation)context.Operation;
            var value = returnOperation.ReturnedValue;
            if (value is null || !IsNull(value))
            {
                return;
            }

            var function = AsyncContext.GetEnclosingFunction(returnOperation, context.ContainingSymbol);
            // A declared Task? says null is a legitimate answer; its callers are warned by nullable analysis instead.
            if (function is null || function.IsAsync || !symbols.IsTaskOrDerived(function.ReturnType) || function.ReturnNullableAnnotation == NullableAnnotation.Annotated)
            {
                return;
            }

            // Report `null!` whole (the operation's syntax is the `null` inside it), so the fix replaces the suppression too.
            var syntax = value.Syntax.Parent is PostfixUnaryExpressionSyntax suppression && suppression.IsKind(SyntaxKind.SuppressNullableWarningExpression)
                ? suppression
                : value.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation()));
        }

        /// <summary>A constant null (<c>null</c>, <c>null!</c>, <c>default</c>, <c>default(Task)</c>) converted to the task type.</summary>
        private static bool IsNull(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation { Type.IsReferenceType: true };
        }
    }
}
