using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CompletionFlow
    {
        /// <summary>The control-flow graph of the function that runs <paramref name="spot"/> (a lambda's or local function's own graph).</summary>
        internal static ControlFlowGraph? GraphOf(IOperation spot)
        {
            var functions = new List<IOperation>();
            var root = spot;
            for (var current = spot.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    functions.Add(current);
                }

                root = current;
            }

            var graph = GraphOfRoot(root);
            for (var i = functions.Count - 1; i >= 0 && graph is not null; i--)
            {
                graph = functions[i] switch
                {
                    ILocalFunctionOperation local when graph.LocalFunctions.Contains(local.Symbol) => graph.GetLocalFunctionControlFlowGraph(local.Symbol),
                    IAnonymousFunctionOperation lambda when FindLambda(graph, lambda.Symbol) is { } flowLambda => graph.GetAnonymousFunctionControlFlowGraph(flowLambda),
                    _ => null,
                };
            }

            return graph;
        }

        /// <summary>The graph of an operation block's root, built once per root (shared by every question asked about it).</summary>
        internal static ControlFlowGraph? GraphOfRoot(IOperation root)
            => RootGraphs.GetValue(root, r => new GraphBox(CreateGraph(r))).Graph;

        private static ControlFlowGraph? CreateGraph(IOperation root)
        {
            if (root.SemanticModel is null)
            {
                return null;
            }

            return root switch
            {
                IMethodBodyOperation method => ControlFlowGraph.Create(method),
                IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
                IBlockOperation block => ControlFlowGraph.Create(block),
                IFieldInitializerOperation field => ControlFlowGraph.Create(field),
                IPropertyInitializerOperation property => ControlFlowGraph.Create(property),
                IParameterInitializerOperation parameter => ControlFlowGraph.Create(parameter),
                _ => null,
            };
        }

        private static IFlowAnonymousFunctionOperation? FindLambda(ControlFlowGraph graph, IMethodSymbol symbol)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant is IFlowAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, symbol))
                        {
                            return lambda;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The block's operations, then its branch value, in the order they run.</summary>
        internal static IEnumerable<IOperation> BlockOperations(BasicBlock block)
        {
            foreach (var operation in block.Operations)
            {
                yield return operation;
            }

            if (block.BranchValue is { } branchValue)
            {
                yield return branchValue;
            }
        }

        private sealed class GraphBox
        {
            public GraphBox(ControlFlowGraph? graph) => Graph = graph;

            public ControlFlowGraph? Graph { get; }
        }
    }
}
