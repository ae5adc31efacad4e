using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Finds the in-scope <c>CancellationToken</c> a fix should pass (rules.md: a parameter, local or field reachable at
    /// the spot). The nearest wins: a local or parameter of the innermost function, then of each enclosing function
    /// (unless a <c>static</c> lambda or local function cuts them off), then a field or property of the containing type
    /// (instance members only in instance code). Two candidates at the same distance are ambiguous: no token is chosen,
    /// never a guessed one.
    /// </summary>
    internal static class CancellationTokens
    {
        public static ISymbol? FindInScope(SemanticModel semanticModel, int position, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (symbols.CancellationToken is null)
            {
                return null;
            }

            var functions = EnclosingFunctions(semanticModel, position, cancellationToken);
            if (functions.Count == 0)
            {
                return null;
            }

            var bestRank = int.MaxValue;
            ISymbol? best = null;
            var ambiguous = false;
            foreach (var symbol in semanticModel.LookupSymbols(position))
            {
                var rank = Rank(symbol, position, functions, symbols);
                if (rank < 0)
                {
                    continue;
                }

                if (rank < bestRank)
                {
                    bestRank = rank;
                    best = symbol;
                    ambiguous = false;
                }
                else if (rank == bestRank && !SymbolEqualityComparer.Default.Equals(symbol, best))
                {
                    ambiguous = true;
                }
            }

            return ambiguous ? null : best;
        }

        /// <summary>Innermost first; stops after a static lambda or local function, which cannot capture outer variables.</summary>
        private static List<IMethodSymbol> EnclosingFunctions(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
        {
            var functions = new List<IMethodSymbol>();
            for (var symbol = semanticModel.GetEnclosingSymbol(position, cancellationToken); symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
            {
                functions.Add(method);
                if (method.IsStatic && method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                {
                    break;
                }
            }

            return functions;
        }

        /// <summary>Lower is nearer; -1 when the symbol is not a usable token here. Each function is two ranks: locals, then parameters.</summary>
        private static int Rank(ISymbol symbol, int position, List<IMethodSymbol> functions, KnownSymbols symbols)
        {
            switch (symbol)
            {
                case ILocalSymbol local when symbols.IsCancellationToken(local.Type) && IsDeclaredBefore(local, position):
                    return 2 * IndexOf(functions, local.ContainingSymbol);
                case IParameterSymbol parameter when symbols.IsCancellationToken(parameter.Type) && parameter.RefKind != RefKind.Out:
                    var index = IndexOf(functions, parameter.ContainingSymbol);
                    return index < 0 ? -1 : (2 * index) + 1;
                case IFieldSymbol field when symbols.IsCancellationToken(field.Type) && CanUseMember(field, functions):
                    return 2 * functions.Count;
                case IPropertySymbol property when symbols.IsCancellationToken(property.Type) && property.GetMethod is not null && property.Parameters.IsEmpty && CanUseMember(property, functions):
                    return 2 * functions.Count;
                default:
                    return -1;
            }
        }

        private static int IndexOf(List<IMethodSymbol> functions, ISymbol? function)
        {
            for (var i = 0; i < functions.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(functions[i], function))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsDeclaredBefore(ILocalSymbol local, int position)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.Span.End <= position)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A member of the containing type: static members anywhere, instance members only where <c>this</c> exists.</summary>
        private static bool CanUseMember(ISymbol member, List<IMethodSymbol> functions)
        {
            var outermost = functions[functions.Count - 1];
            if (outermost.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            {
                // Cut off by a static lambda or local function: only static members remain reachable.
                return member.IsStatic;
            }

            return member.IsStatic || !outermost.IsStatic;
        }
    }
}
