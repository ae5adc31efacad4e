using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class DualPathCalls
    {
        /// <summary>
        /// For a call on this object (<c>DisposeAsync()</c> in npgsql's <c>NestedReadScope.Dispose</c>, after <c>if (_async)
        /// ThrowHelper.Throw..(..)</c>), the readonly <c>bool</c> fields of this object that are false wherever the call runs:
        /// with the field taken as true, no path reaches the call (a branch on it, or a call that cannot return, ends each).
        /// The object must be a class or a readonly struct (a mutable struct may replace itself, readonly fields included).
        /// The cheap tests first: the call is on <c>this</c> and its function reads such a field; only then is the graph asked.
        /// </summary>
        private static ImmutableArray<ISymbol> FieldsKnownFalseAt(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (invocation.TargetMethod.IsStatic
                || invocation.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } instance
                || instance.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } and not INamedTypeSymbol { TypeKind: TypeKind.Struct, IsReadOnly: true })
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var body = CompletionFlow.FunctionBody(invocation);
            var fields = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var operation in body.Descendants())
            {
                if (operation.Parent is not IArgumentOperation && FlagOf(operation) is IFieldSymbol field && !fields.Contains(field, SymbolEqualityComparer.Default))
                {
                    fields.Add(field);
                }
            }

            if (fields.Count == 0 || CompletionFlow.GraphOf(invocation) is not { } graph)
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var spotBlock = -1;
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in CompletionFlow.BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant.Kind == OperationKind.Invocation && descendant.Syntax == invocation.Syntax)
                        {
                            spotBlock = block.Ordinal;
                        }
                    }
                }
            }

            if (spotBlock < 0)
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var result = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var field in fields)
            {
                if (!ReachableBlocks(graph, ImmutableArray.Create(field), flagsTrue: true, endAtNeverReturning: symbols)[spotBlock])
                {
                    result.Add(field);
                }
            }

            return result.ToImmutable();
        }
    }
}
