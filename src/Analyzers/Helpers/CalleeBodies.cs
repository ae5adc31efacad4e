using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Looks into the body of a method called from the code being analysed, when that body is in the same compilation and
    /// the call can only reach it (no virtual dispatch). Each answer is cached per compilation, so every callee is bound once.
    /// Only the completion proofs ask, and only for a wait that would otherwise be reported.
    /// </summary>
    internal static class CalleeBodies
    {
        private static readonly ConditionalWeakTable<Compilation, Caches> CacheTable = new();

        internal static Caches For(Compilation compilation) => CacheTable.GetValue(compilation, _ => new Caches());

        /// <summary>
        /// The body of <paramref name="method"/> (its original definition) when the compilation has its source and a call
        /// binds to exactly this body: not abstract, virtual, an overridable override, extern or an interface member.
        /// </summary>
        public static IMethodBodyOperation? BodyOf(IMethodSymbol method, Compilation compilation)
        {
            method = method.OriginalDefinition;
            method = method.PartialImplementationPart ?? method;
            if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsVirtual || method.IsExtern
                || (method.IsOverride && !method.IsSealed && method.ContainingType is { IsSealed: false })
                || method.ContainingType is null or { TypeKind: TypeKind.Interface }
                || method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var reference = method.DeclaringSyntaxReferences[0];
            if (!compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return null;
            }

            // Looking into another member's body needs that tree's model; the answers are cached per compilation (above).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
            return model.GetOperation(reference.GetSyntax()) as IMethodBodyOperation;
        }

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

            return For(symbols.Compilation).NeverReturns.GetOrAdd(method.OriginalDefinition, m => BodyOf(m, symbols.Compilation) is { } body && AlwaysThrows(body));
        }

        private static bool AlwaysThrows(IMethodBodyOperation body)
        {
            var graph = ControlFlowGraph.Create(body);
            return !graph.Blocks[graph.Blocks.Length - 1].IsReachable;
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
                if (operation is IReturnOperation { ReturnedValue: { } value } && !IsInsideNestedFunction(operation, body))
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

        private static bool IsInsideNestedFunction(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The per-compilation answers about callees.</summary>
        internal sealed class Caches
        {
            public ConcurrentDictionary<IMethodSymbol, int> AssertedParameter { get; } = new(SymbolEqualityComparer.Default);

            public ConcurrentDictionary<IMethodSymbol, bool> NeverReturns { get; } = new(SymbolEqualityComparer.Default);

            public ConcurrentDictionary<DualPathCalls.Key, DualPathCalls.Result> DualPath { get; } = new();
        }
    }
}
