using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Finds the in-scope <c>CancellationToken</c> a fix should pass (rules.md: a parameter, local or field reachable at
    /// the spot). The nearest wins: a local or parameter of the innermost function, then of each enclosing function
    /// (unless a <c>static</c> lambda or local function cuts them off), then a field or property of the containing type or
    /// its bases (instance members only in instance code; never an outer type's instance members). Two candidates at the
    /// same distance are ambiguous: no token is chosen, never a guessed one.
    /// <para>It reads declarations along the path from the spot to its type instead of asking the semantic model for every
    /// symbol in scope: rules call it for every call that could take a token, and an unfiltered lookup lists every type of
    /// every imported namespace.</para>
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

            var best = new Best();
            for (var i = 0; i < functions.Count; i++)
            {
                foreach (var parameter in functions[i].Parameters)
                {
                    if (symbols.IsCancellationToken(parameter.Type) && parameter.RefKind != RefKind.Out)
                    {
                        best.Offer(parameter, (2 * i) + 1);
                    }
                }
            }

            OfferLocals(semanticModel, position, functions, symbols, ref best, cancellationToken);
            OfferMembers(functions, symbols, ref best);

            // The name must reach that symbol from the spot (nothing closer of another type hides it).
            if (best.Symbol is null || best.Ambiguous)
            {
                return null;
            }

            var visible = semanticModel.LookupSymbols(position, name: best.Symbol.Name);
            return visible.Length == 1 && SymbolEqualityComparer.Default.Equals(visible[0], best.Symbol) ? best.Symbol : null;
        }

        private struct Best
        {
            public ISymbol? Symbol;
            public int Rank;
            public bool Ambiguous;

            public void Offer(ISymbol symbol, int rank)
            {
                if (Symbol is null || rank < Rank)
                {
                    Symbol = symbol;
                    Rank = rank;
                    Ambiguous = false;
                }
                else if (rank == Rank && !SymbolEqualityComparer.Default.Equals(symbol, Symbol))
                {
                    Ambiguous = true;
                }
            }
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

        /// <summary>Locals declared before the spot in the blocks (and foreach/using/for headers) that enclose it.</summary>
        private static void OfferLocals(SemanticModel semanticModel, int position, List<IMethodSymbol> functions, KnownSymbols symbols, ref Best best, CancellationToken cancellationToken)
        {
            var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
            if (position < 0 || position >= root.FullSpan.End)
            {
                return;
            }

            for (var node = root.FindToken(position).Parent; node is not null; node = node.Parent)
            {
                IEnumerable<SyntaxNode> declarations = node switch
                {
                    BlockSyntax block => PrecedingStatements(block.Statements, position),
                    SwitchSectionSyntax section => PrecedingStatements(section.Statements, position),
                    CompilationUnitSyntax unit => PrecedingGlobalStatements(unit, position),
                    ForEachStatementSyntax forEach when forEach.Statement.Span.Contains(position) => new[] { forEach },
                    UsingStatementSyntax { Declaration: { } declaration } usingStatement when usingStatement.Statement.Span.Contains(position) => declaration.Variables,
                    ForStatementSyntax { Declaration: { } declaration } forStatement when !declaration.Span.Contains(position) => declaration.Variables,
                    _ => System.Array.Empty<SyntaxNode>(),
                };

                foreach (var declaration in declarations)
                {
                    foreach (var declarator in Declarators(declaration))
                    {
                        // A local without initializer may be unassigned at the spot (CS0165): not a candidate.
                        if (declarator is VariableDeclaratorSyntax { Initializer: null })
                        {
                            continue;
                        }

                        if (semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local && symbols.IsCancellationToken(local.Type))
                        {
                            var index = IndexOf(functions, local.ContainingSymbol);
                            if (index >= 0)
                            {
                                best.Offer(local, 2 * index);
                            }
                        }
                    }
                }

                if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    return;
                }
            }
        }

        private static IEnumerable<SyntaxNode> PrecedingStatements(SyntaxList<StatementSyntax> statements, int position)
        {
            foreach (var statement in statements)
            {
                if (statement.Span.End > position)
                {
                    yield break;
                }

                if (statement is LocalDeclarationStatementSyntax)
                {
                    yield return statement;
                }
            }
        }

        private static IEnumerable<SyntaxNode> PrecedingGlobalStatements(CompilationUnitSyntax unit, int position)
        {
            foreach (var member in unit.Members)
            {
                if (member.Span.End > position)
                {
                    yield break;
                }

                if (member is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax declaration })
                {
                    yield return declaration;
                }
            }
        }

        private static IEnumerable<SyntaxNode> Declarators(SyntaxNode declaration)
            => declaration switch
            {
                LocalDeclarationStatementSyntax local => local.Declaration.Variables,
                ForEachStatementSyntax forEach => new SyntaxNode[] { forEach },
                VariableDeclaratorSyntax declarator => new SyntaxNode[] { declarator },
                _ => System.Array.Empty<SyntaxNode>(),
            };

        /// <summary>Fields and properties of the containing type and its bases: static ones anywhere, instance ones where <c>this</c> exists.</summary>
        private static void OfferMembers(List<IMethodSymbol> functions, KnownSymbols symbols, ref Best best)
        {
            var outermost = functions[functions.Count - 1];
            var staticOnly = outermost.IsStatic || outermost.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction;

            // A lambda or local function in a struct cannot use `this` (CS1673): instance members are out of reach there.
            if (functions.Count > 1 && outermost.ContainingType is { IsValueType: true })
            {
                staticOnly = true;
            }
            var rank = 2 * functions.Count;
            for (var type = outermost.ContainingType; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    var isToken = member switch
                    {
                        IFieldSymbol field => symbols.IsCancellationToken(field.Type) && !field.IsImplicitlyDeclared,
                        IPropertySymbol property => symbols.IsCancellationToken(property.Type) && property.GetMethod is not null && property.Parameters.IsEmpty,
                        _ => false,
                    };
                    if (isToken && (member.IsStatic || !staticOnly) && (SymbolEqualityComparer.Default.Equals(type, outermost.ContainingType) || member.DeclaredAccessibility != Accessibility.Private))
                    {
                        best.Offer(member, rank);
                    }
                }
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
    }
}
