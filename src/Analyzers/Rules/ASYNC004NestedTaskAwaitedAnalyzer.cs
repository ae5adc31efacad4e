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
    /// The same nested task implicitly converted to <c>Task</c> (assigned, returned, passed) is reported too: whoever waits for
    /// that <c>Task</c> waits for the outer task only.
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

        /// <summary>
        /// The same nested task converted to <c>Task</c> (assigned to a <c>Task</c> variable, returned as <c>Task</c>, passed as a
        /// <c>Task</c> argument): whoever later waits for it waits only for the outer task, just as an <c>await</c> of it does.
        /// </summary>
        internal static readonly DiagnosticDescriptor ConvertedRule = RuleDescriptors.Create(
            DiagnosticIds.NestedTaskAwaited,
            title: "Do not await only the outer task of a nested task",
            messageFormat: "This '{0}' is used as a Task: whoever waits for it waits only for the outer task, and the inner task it returns is dropped; use Task.Run or Unwrap()",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "Task.Factory.StartNew with an async lambda returns a task of a task. Awaiting it waits only until the "
                + "lambda reaches its first await; the coroutine itself runs on unobserved, and its exceptions are lost. "
                + "Task.Run understands async lambdas, and Unwrap() turns a task of a task into one task.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, ConvertedRule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.TaskOfT is null)
            {
                return;
            }

            context.RegisterOperationAction(c => AnalyzeAwait(c, symbols), OperationKind.Await);
            context.RegisterOperationAction(c => AnalyzeConversion(c, symbols), OperationKind.Conversion);
        }

        /// <summary>
        /// <c>Task t = Task.Factory.StartNew(() => FooAsync());</c>, <c>return</c> of it from a <c>Task</c> function, or it passed where a
        /// <c>Task</c> is expected (<c>Task.WhenAll(..)</c>, <c>tasks.Add(..)</c>): the implicit conversion from <c>Task&lt;Task&gt;</c> to
        /// <c>Task</c> loses the inner task. An explicit cast <c>(Task)x</c> is taken as meant.
        /// </summary>
        private static void AnalyzeConversion(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (!conversion.IsImplicit
                || !SymbolEqualityComparer.Default.Equals(conversion.Type, symbols.Task)
                || NestedTaskType(conversion.Operand, symbols) is not { } outer
                || IsWhenAny(conversion.Operand, symbols))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                ConvertedRule,
                conversion.Operand.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, DiagnosticProperties.ConvertedToTask),
                outer.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        /// <summary><c>Task&lt;X&gt;</c> where X is Task, Task&lt;T&gt; or a class derived from them; else null.</summary>
        private static INamedTypeSymbol? NestedTaskType(IOperation operation, KnownSymbols symbols)
            => operation.Type is INamedTypeSymbol { IsGenericType: true } outer
               && SymbolEqualityComparer.Default.Equals(outer.OriginalDefinition, symbols.TaskOfT)
               && symbols.IsTaskOrDerived(outer.TypeArguments[0])
                ? outer
                : null;

        /// <summary>
        /// <c>Task.WhenAny(..)</c>, also through <c>.WaitAsync(..)</c> (ASYNC010's fix writes that) or <c>.ConfigureAwait(..)</c>: its
        /// <c>Task&lt;Task&gt;</c> completes when the first task does, and dropping the winner is the point.
        /// </summary>
        private static bool IsWhenAny(IOperation operation, KnownSymbols symbols)
        {
            var source = operation;
            while (source is IInvocationOperation { TargetMethod.Name: "WaitAsync" or "ConfigureAwait", Instance: { } inner })
            {
                source = inner;
            }

            return source is IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } whenAny } && symbols.IsTask(whenAny.ContainingType);
        }

        private static void AnalyzeAwait(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var awaitOperation = (IAwaitOperation)context.Operation;

            // Only when the inner task, the await's result, goes nowhere.
            if (awaitOperation.Parent is not IExpressionStatementOperation)
            {
                return;
            }

            var operand = OperationFacts.WithoutImplicitConversions(awaitOperation.Operation);

            // Not CompletionFlow.WithoutConfigureAwait: that one also strips the instance's reference conversions (it asks which
            // task is read); here the instance's own type is the question, and a Task<Task> cast to (Task) is taken as meant.
            if (operand is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                operand = configured;
            }

            if (NestedTaskType(operand, symbols) is not { } outer || IsWhenAny(operand, symbols))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, awaitOperation.Syntax.GetLocation(), outer.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }
}
