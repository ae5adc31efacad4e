using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC004: <c>await</c> of a nested task (<c>Task&lt;Task&gt;</c>, <c>Task&lt;Task&lt;T&gt;&gt;</c>) whose result, the inner task,
    /// is then dropped. Typical source: <c>Task.Factory.StartNew(async () => ...)</c>, whose outer task completes when the
    /// lambda reaches its first await, not when its work is done. Silent when the inner task is used
    /// (<c>await await x</c>, <c>var inner = await x;</c>) and on <c>await Task.WhenAny(..)</c>, where dropping it is the point.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC004NestedTaskAwaitedAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.NestedTaskAwaited,
            title: "Do not await only the outer task of a nested task",
            messageFormat: "This awaits a '{0}': only the outer task is awaited, the inner task it returns is dropped; use Task.Run or Unwrap()",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "Task.Factory.StartNew with an async lambda returns a task of a task. Awaiting it waits only until the "
                + "lambda reaches its first await; the coroutine itself runs on unobserved, and its exceptions are lost. "
                + "Task.Run understands async lambdas, and Unwrap() turns a task of a task into one task.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.TaskOfT is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeAwait(c, symbols), OperationKind.Await);
        }

        private static void AnalyzeAwait(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var awaitOperation = (IAwaitOperation)context.Operation;

            // Only when the inner task, the await's result, goes nowhere.
            if (awaitOperation.Parent is not IExpressionStatementOperation)
            {
                return;
            }

            var operand = awaitOperation.Operation;
            while (operand is IConversionOperation { IsImplicit: true } conversion)
            {
                operand = conversion.Operand;
            }

            if (operand is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                operand = configured;
            }

            if (operand.Type is not INamedTypeSymbol { IsGenericType: true } outer
                || !SymbolEqualityComparer.Default.Equals(outer.OriginalDefinition, symbols.TaskOfT)
                || !symbols.IsTaskOrDerived(outer.TypeArguments[0]))
            {
                return;
            }

            // await Task.WhenAny(..), also through .WaitAsync(..) (ASYNC010's fix writes that) or .ConfigureAwait(..): dropping the
            // winner is the point.
            var source = operand;
            while (source is IInvocationOperation { TargetMethod.Name: "WaitAsync" or "ConfigureAwait", Instance: { } inner })
            {
                source = inner;
            }

            if (source is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny } && symbols.IsTask(whenAny.ContainingType))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, awaitOperation.Syntax.GetLocation(), outer.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }
}
