using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CancellationTokens
    {
        /// <summary>Innermost first; stops after a static lambda or local function, which cannot capture outer variables.</summary>
        private static List<IMethodSymbol> EnclosingFunctions(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
            => EnclosingFunctions(semanticModel.GetEnclosingSymbol(position, cancellationToken));

        /// <summary>From the innermost function outwards, as <see cref="EnclosingFunctions(SemanticModel, int, CancellationToken)"/>.</summary>
        private static List<IMethodSymbol> EnclosingFunctions(ISymbol? innermost)
        {
            var functions = new List<IMethodSymbol>();
            for (var symbol = innermost; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
            {
                functions.Add(method);
                if (method.IsStatic && method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                {
                    break;
                }
            }

            return functions;
        }

        /// <summary>
        /// Whether a block, switch section, <c>using</c> or loop around <paramref name="operation"/> declares a token or token-source
        /// local: without one, <see cref="LocalsBefore"/> finds nothing, and its walk (a symbol bound for every local declared
        /// before the spot) is skipped. Read from the operation tree, whose locals are bound already. Top-level statements, whose
        /// locals may sit in another statement's tree, always take the walk.
        /// </summary>
        private static bool MayDeclareTokenLocal(IOperation operation, KnownSymbols symbols)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                var locals = current switch
                {
                    IBlockOperation block => block.Locals,
                    ISwitchCaseOperation section => section.Locals,
                    IUsingOperation usingOperation => usingOperation.Locals,
                    ILoopOperation loop => loop.Locals,
                    _ => ImmutableArray<ILocalSymbol>.Empty,
                };
                foreach (var local in locals)
                {
                    if (symbols.IsCancellationToken(local.Type) || SymbolEqualityComparer.Default.Equals(local.Type, symbols.CancellationTokenSource))
                    {
                        return true;
                    }
                }

                if (current.Parent is null && (current.Syntax is CompilationUnitSyntax || current.Syntax.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Token and token-source locals declared (with a value) before the spot in the blocks (and foreach/using/for headers)
        /// that enclose it, each with the index of its function and the operation of its value.
        /// </summary>
        private static List<(ILocalSymbol Local, int Function, IOperation? Value)> LocalsBefore(
            SemanticModel semanticModel, int position, List<IMethodSymbol> functions, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            var locals = new List<(ILocalSymbol, int, IOperation?)>();
            var root = semanticModel.SyntaxTree.GetRoot(cancellationToken);
            if (position < 0 || position >= root.FullSpan.End)
            {
                return locals;
            }

            for (var node = root.FindToken(position).Parent; node is not null; node = node.Parent)
            {
                IEnumerable<SyntaxNode> declarations = node switch
                {
                    BlockSyntax block => PrecedingStatements(block.Statements, position),
                    SwitchSectionSyntax section => PrecedingStatements(section.Statements, position),
                    CompilationUnitSyntax unit => PrecedingGlobalStatements(unit, position),
                    UsingStatementSyntax { Declaration: { } declaration } usingStatement when usingStatement.Statement.Span.Contains(position) => declaration.Variables,
                    ForStatementSyntax { Declaration: { } declaration } forStatement when !declaration.Span.Contains(position) => declaration.Variables,
                    _ => System.Array.Empty<SyntaxNode>(),
                };

                foreach (var declaration in declarations)
                {
                    foreach (var declarator in Declarators(declaration))
                    {
                        // A local without a value may be unassigned at the spot (CS0165), and where its value comes from is
                        // unknown: not a candidate.
                        if (declarator.Initializer is not { } initializer)
                        {
                            continue;
                        }

                        if (semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local
                            && (symbols.IsCancellationToken(local.Type) || SymbolEqualityComparer.Default.Equals(local.Type, symbols.CancellationTokenSource)))
                        {
                            var index = IndexOf(functions, local.ContainingSymbol);
                            if (index >= 0)
                            {
                                locals.Add((local, index, semanticModel.GetOperation(initializer.Value, cancellationToken)));
                            }
                        }
                    }
                }

                if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    break;
                }
            }

            return locals;
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

        private static IEnumerable<VariableDeclaratorSyntax> Declarators(SyntaxNode declaration)
            => declaration switch
            {
                LocalDeclarationStatementSyntax local => local.Declaration.Variables,
                VariableDeclaratorSyntax declarator => new[] { declarator },
                _ => System.Array.Empty<VariableDeclaratorSyntax>(),
            };

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
