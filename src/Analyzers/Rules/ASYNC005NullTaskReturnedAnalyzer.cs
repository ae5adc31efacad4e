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
    /// The null may be one branch of a conditional or switch expression. In a lambda passed to <c>Task.Run</c> (whose delegate
    /// is declared <c>Func&lt;Task?&gt;</c>) it is reported too, with its own message and no fix: Task.Run cancels its task.
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

        /// <summary>
        /// The same mistake in a lambda handed to <c>Task.Run</c>, whose <c>Func&lt;Task?&gt;</c> overloads accept null and turn it
        /// into a cancelled task: the awaiting caller gets TaskCanceledException rather than NullReferenceException.
        /// </summary>
        internal static readonly DiagnosticDescriptor TaskRunRule = RuleDescriptors.Create(
            DiagnosticIds.NullTaskReturned,
            title: "Do not return null as a Task",
            messageFormat: "This returns a null Task to Task.Run, which turns it into a cancelled task: awaiting it throws TaskCanceledException; return a finished task if that is what you meant",
            RuleCategories.Await,
            DiagnosticSeverity.Warning,
            description: "A method that returns Task promises an awaitable. Returning null breaks the promise: the caller's "
                + "'await' dereferences null. Return Task.CompletedTask, or Task.FromResult(value) for Task<T>.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, TaskRunRule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            context.RegisterOperationAction(c => AnalyzeReturn(c, symbols), OperationKind.Return);
        }

        private static void AnalyzeReturn(OperationAnalysisContext context, KnownSymbols symbols)
        {
            var returnOperation = (IReturnOperation)context.Operation;
            var value = returnOperation.ReturnedValue;
            if (value is null || !HasNullLeaf(value))
            {
                return;
            }

            var function = AsyncContext.GetEnclosingFunction(returnOperation, context.ContainingSymbol);
            if (function is null || function.IsAsync || !symbols.IsTaskOrDerived(function.ReturnType))
            {
                return;
            }

            // A declared Task? says null is a legitimate answer; its callers are warned by nullable analysis instead. Task.Run's
            // own Func<Task?> is no such declaration by this code's author: Task.Run copes with null by cancelling its task.
            var toTaskRun = function.MethodKind == MethodKind.AnonymousFunction && IsLambdaPassedToTaskRun(returnOperation, symbols);
            if (!toTaskRun && function.ReturnNullableAnnotation == NullableAnnotation.Annotated)
            {
                return;
            }

            var properties = toTaskRun
                ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Kind, DiagnosticProperties.TaskRunCancels)
                : ImmutableDictionary<string, string?>.Empty;

            foreach (var leaf in NullLeaves(value))
            {
                // Report `null!` whole (the operation's syntax is the `null` inside it), so the fix replaces the suppression too.
                var syntax = leaf.Syntax.Parent is PostfixUnaryExpressionSyntax suppression && suppression.IsKind(SyntaxKind.SuppressNullableWarningExpression)
                    ? suppression
                    : leaf.Syntax;
                context.ReportDiagnostic(Diagnostic.Create(toTaskRun ? TaskRunRule : Rule, syntax.GetLocation(), properties));
            }
        }

        /// <summary>
        /// The values the return can take, looked through conditional and switch expressions (<c>b ? null : t</c>,
        /// <c>b ? default(Task&lt;T&gt;) : null</c>): the ones that are a constant null. A <c>??</c> is not looked into: its
        /// right side runs only when the left is null, which is no proof either way.
        /// </summary>
        private static System.Collections.Generic.IEnumerable<IOperation> NullLeaves(IOperation value)
        {
            value = WithoutConversions(value);
            switch (value)
            {
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    foreach (var leaf in NullLeaves(conditional.WhenTrue))
                    {
                        yield return leaf;
                    }

                    foreach (var leaf in NullLeaves(whenFalse))
                    {
                        yield return leaf;
                    }

                    break;

                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        foreach (var leaf in NullLeaves(arm.Value))
                        {
                            yield return leaf;
                        }
                    }

                    break;

                default:
                    if (IsNull(value))
                    {
                        yield return value;
                    }

                    break;
            }
        }

        /// <summary>The cheap test first: is any leaf null? (No allocation for the usual <c>return x;</c>.)</summary>
        private static bool HasNullLeaf(IOperation value)
        {
            value = WithoutConversions(value);
            return value switch
            {
                IConditionalOperation { WhenFalse: { } whenFalse } conditional => HasNullLeaf(conditional.WhenTrue) || HasNullLeaf(whenFalse),
                ISwitchExpressionOperation switchExpression => System.Linq.Enumerable.Any(switchExpression.Arms, arm => HasNullLeaf(arm.Value)),
                _ => IsNull(value),
            };
        }

        /// <summary>
        /// True when the return is the body of a lambda or anonymous method passed straight to <c>Task.Run</c>, whose
        /// <c>Func&lt;Task?&gt;</c> overloads accept null and hand back a cancelled task for it.
        /// </summary>
        private static bool IsLambdaPassedToTaskRun(IOperation operation, KnownSymbols symbols)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    var parent = lambda.Parent;
                    while (parent is IDelegateCreationOperation or IConversionOperation)
                    {
                        parent = parent.Parent;
                    }

                    return parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Run", IsStatic: true } run } }
                        && symbols.IsTask(run.ContainingType);
                }

                if (current is ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        private static IOperation WithoutConversions(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }

        /// <summary>A constant null (<c>null</c>, <c>null!</c>, <c>default</c>, <c>default(Task)</c>) converted to the task type.</summary>
        private static bool IsNull(IOperation value)
        {
            value = WithoutConversions(value);
            return value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation { Type.IsReferenceType: true };
        }
    }
}
