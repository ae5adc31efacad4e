using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CalleeBodies
    {
        /// <summary>
        /// For a <c>bool</c> helper whose every <c>return</c> says its task parameter is complete (<c>task.IsCompletedSuccessfully</c>,
        /// <c>task.Status == TaskStatus.RanToCompletion</c>, <c>task.Wait(timeout)</c>) or returns <c>false</c>: that parameter's
        /// ordinal; otherwise -1. Looks one level deep only (a helper calling another helper proves nothing).
        /// </summary>
        public static int CompletionAssertedParameter(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.ReturnType.SpecialType != SpecialType.System_Boolean || method.Parameters.IsEmpty)
            {
                return -1;
            }

            var definition = method.OriginalDefinition;
            return For(symbols.Compilation).AssertedParameter.GetOrAdd(definition, m => FindAssertedParameter(m, symbols));
        }

        /// <summary>True when a statement of <paramref name="block"/> calls a method that never returns (it throws or ends the process).</summary>
        public static bool CallsNeverReturning(BasicBlock block, KnownSymbols symbols)
        {
            foreach (var operation in block.Operations)
            {
                var statement = operation is IExpressionStatementOperation expression ? expression.Operation : operation;
                if (statement is IInvocationOperation invocation && NeverReturns(invocation.TargetMethod, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when a call to <paramref name="method"/> cannot return: it has <c>[DoesNotReturn]</c> (by name, so polyfills count),
        /// or its body ends in a <c>throw</c> on every path (looked into one level).
        /// </summary>
        public static bool NeverReturns(IMethodSymbol method, KnownSymbols symbols)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "DoesNotReturnAttribute" } type
                    && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis")
                {
                    return true;
                }
            }

            if (!method.ReturnsVoid || method.IsAsync)
            {
                return false;
            }

            return For(symbols.Compilation).NeverReturns.GetOrAdd(
                method.OriginalDefinition, m => GraphOf(m, symbols.Compilation) is { } graph && !graph.Blocks[graph.Blocks.Length - 1].IsReachable);
        }

        private static int FindAssertedParameter(IMethodSymbol method, KnownSymbols symbols)
        {
            if (BodyOf(method, symbols.Compilation) is not { } body)
            {
                return -1;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.None && symbols.IsTaskLike(parameter.Type) && EveryReturnAsserts(body, parameter, symbols))
                {
                    return parameter.Ordinal;
                }
            }

            return -1;
        }

        private static bool EveryReturnAsserts(IOperation body, IParameterSymbol parameter, KnownSymbols symbols)
        {
            var place = TaskPlace.ForVariable(parameter);
            var asserting = false;
            foreach (var operation in body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } && !AsyncContext.IsInNestedFunction(operation, body))
                {
                    if (value.ConstantValue is { HasValue: true, Value: false })
                    {
                        continue;
                    }

                    if (CompletionFlow.Asserts(value, place, symbols, resolve: null, lookIntoHelpers: false) != CompletionFlow.Polarity.WhenTrue)
                    {
                        return false;
                    }

                    asserting = true;
                }
                else if (place.IsWrittenBy(operation))
                {
                    return false;
                }
            }

            return asserting;
        }
    }
}
