/**
 * The generator's products (Guru product codes with their price and how they are invoiced) and
 * buyers' places (real city / UF / CEP / DDD combinations).
 */

export interface CatalogProduct {
  /** Guru product code (`items[].id`). */
  code: string;
  name: string;
  priceCents: number;
  kind: 'produto' | 'servico';
  /** The Vhsys product it is linked to in the Faturamento settings. */
  vhsysProductId: number;
  /** Offered as an order bump at checkout. */
  orderBump: boolean;
}

export const DEFAULT_PRODUCTS: readonly CatalogProduct[] = [
  { code: '1587151083', name: 'Curso Completo de Confeitaria', priceCents: 49700, kind: 'servico', vhsysProductId: 65971501, orderBump: false },
  { code: 'EBOOK-FIT', name: 'Ebook Receitas Fit', priceCents: 4700, kind: 'servico', vhsysProductId: 65971502, orderBump: false },
  { code: 'MENTORIA-3M', name: 'Mentoria em Grupo (3 meses)', priceCents: 149700, kind: 'servico', vhsysProductId: 65971503, orderBump: false },
  { code: 'LIVRO-CONF', name: 'Livro Impresso: Confeitaria Profissional', priceCents: 8990, kind: 'produto', vhsysProductId: 65971504, orderBump: false },
  { code: 'KIT-BICOS', name: 'Kit de Bicos e Espátulas', priceCents: 12990, kind: 'produto', vhsysProductId: 65971505, orderBump: false },
  { code: 'BONUS-BOLOS', name: 'Aula Bônus: Bolos Decorados', priceCents: 2700, kind: 'servico', vhsysProductId: 65971506, orderBump: true },
  { code: 'PLANNER-2026', name: 'Planner Impresso 2026', priceCents: 5990, kind: 'produto', vhsysProductId: 65971507, orderBump: true },
  { code: 'VIP-ANUAL', name: 'Comunidade VIP (acesso anual)', priceCents: 19700, kind: 'servico', vhsysProductId: 65971508, orderBump: true },
];

export interface Place {
  city: string;
  uf: string;
  stateName: string;
  cep: string;
  ddd: string;
  district: string;
  street: string;
}

export const PLACES: readonly Place[] = [
  { city: 'Pinhais', uf: 'PR', stateName: 'Paraná', cep: '83324090', ddd: '41', district: 'Centro', street: 'Rua Terra Rica' },
  { city: 'São Paulo', uf: 'SP', stateName: 'São Paulo', cep: '01310100', ddd: '11', district: 'Bela Vista', street: 'Avenida Paulista' },
  { city: 'Rio de Janeiro', uf: 'RJ', stateName: 'Rio de Janeiro', cep: '22041001', ddd: '21', district: 'Copacabana', street: 'Rua Barata Ribeiro' },
  { city: 'Belo Horizonte', uf: 'MG', stateName: 'Minas Gerais', cep: '30130010', ddd: '31', district: 'Centro', street: 'Avenida Afonso Pena' },
  { city: 'Porto Alegre', uf: 'RS', stateName: 'Rio Grande do Sul', cep: '90010150', ddd: '51', district: 'Centro Histórico', street: 'Rua dos Andradas' },
  { city: 'Salvador', uf: 'BA', stateName: 'Bahia', cep: '40020000', ddd: '71', district: 'Comércio', street: 'Avenida Estados Unidos' },
  { city: 'Recife', uf: 'PE', stateName: 'Pernambuco', cep: '50030230', ddd: '81', district: 'Boa Vista', street: 'Rua da Aurora' },
  { city: 'Goiânia', uf: 'GO', stateName: 'Goiás', cep: '74015010', ddd: '62', district: 'Setor Central', street: 'Avenida Goiás' },
];

export const FIRST_NAMES = ['Ana', 'Bruno', 'Carla', 'Diego', 'Eduarda', 'Felipe', 'Gabriela', 'Henrique', 'Isabela', 'João', 'Larissa', 'Marcos', 'Natália', 'Otávio', 'Patrícia', 'Rafael'] as const;
export const LAST_NAMES = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Ferreira', 'Almeida', 'Costa', 'Ribeiro', 'Carvalho', 'Gomes'] as const;
export const COMPANY_SUFFIXES = ['Doces e Eventos Ltda', 'Confeitaria ME', 'Treinamentos Eireli', 'Comércio de Alimentos Ltda'] as const;
