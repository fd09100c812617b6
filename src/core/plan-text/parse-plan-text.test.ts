import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from './parse-plan-text.js';
import type { ParsedPlan, ParsedPlanNode } from './types.js';

const SOURCE = readFileSync(
  new URL('../../../data/plans/nids-2016.en.txt', import.meta.url),
  'utf8',
);
const plan: ParsedPlan = parsePlanText(SOURCE);

function allNodes(nodes: readonly ParsedPlanNode[]): ParsedPlanNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}

function nodeAt(path: string): ParsedPlanNode {
  const node = allNodes(plan.nodes).find((candidate) => candidate.path === path);
  if (!node) throw new Error(`no node at ${path}`);
  return node;
}

const I_1_TITLE =
  'Human society has undergone the agricultural revolution and the industrial revolution, and is now undergoing the information revolution';
const I_2_TITLE =
  'After entering the new century, and especially after the 18th Party Congress, our country’s informatization has gained considerable progress, but is still far away from the objectives of comprehensively constructing a moderately prosperous society and accelerating the modernization of Socialism, we persist in marching the development path of informatization with Chinese characteristics and innovation-driven modernization,, building a strong cyber power is an urgent matter, and no time may be wasted';

/** [chapter number, chapter title, [section title, measure titles][]] */
const OUTLINE: ReadonlyArray<
  readonly [string, string, ReadonlyArray<readonly [string, readonly string[]]>]
> = [
  [
    'I',
    'The basic circumstances of national informatization development',
    [
      [I_1_TITLE, []],
      [I_2_TITLE, []],
    ],
  ],
  [
    'II',
    'Guiding ideology, strategic objectives and basic principles',
    [
      ['Guiding ideology', []],
      ['Strategic objectives', []],
      ['Basic principles', []],
    ],
  ],
  [
    'III',
    'Forcefully strengthening informatization development capacities',
    [
      [
        'Developing core technologies, strengthening the information industry',
        [
          'Building advanced technology systems',
          'Strengthening pioneering and fundamental research',
          'Forging an industrial ecology for coordinated development',
          'Fostering major key enterprises',
          'Supporting innovation in small, mid-size and micro enterprises',
        ],
      ],
      [
        'Laying down infrastructure, strengthening universal service',
        [
          'Comprehensively planning the composition of infrastructure',
          'Strengthening the capabilities of space facilities',
          'Optimizing and upgrading broadband networks',
          'Raise universal service levels',
        ],
      ],
      [
        'Developing information resources, liberating the digital dividend',
        [
          'Strengthening information resource planning, construction and management',
          'Raising utilization rates of information resources',
          'Establishing basic structures and systems for information resources',
        ],
      ],
      [
        'Optimizing talent teams, enhancing information skills',
        [
          'Training a batch of leading talents',
          'Expanding expert talent teams',
          'Perfecting talent incentive mechanisms',
          'Enhance citizens’ information skills',
        ],
      ],
      [
        'Deepening collaboration and exchange, expanding development space',
        [
          'Deepening international cooperation and exchange',
          'Participating in the formulation of international norms',
          'Broadening international development space',
          'Jointly building a new order on international networks',
        ],
      ],
    ],
  ],
  [
    'IV',
    'Striving to enhance economic and social informatization levels',
    [
      [
        'Fostering the information economy, stimulating the transformation of development',
        [
          'Moving forward the profound convergence of informatization and industrialization',
          'Accelerating agricultural modernization',
          'Moving forward with the networked transformation of the services sector',
          'Stimulating regional coordinated development',
          'Laying a new basis of development',
          'Optimizing the policy environment',
        ],
      ],
      [
        'Deepening e-governance, moving forward with the modernization of state governance',
        [
          'Constructing the governing capacity of a service Party',
          'Raising government informatization levels',
          'Serving the construction of democratic rule of law',
          'Raising capacity for social governance',
          'Completing market service and supervisions systems',
          'Perfecting integrated public service systems',
          'Innovating e-government operational management systems',
        ],
      ],
      [
        'Letting online culture flourish, strengthen national soft power',
        [
          'Enhancing online culture supply capacities',
          'Raising online cultural communication capacity',
          'Strengthening online cultural battlefield construction',
          'Standardizing the online cultural communication order',
        ],
      ],
      [
        'Innovating public services, guaranteeing and improving the people’s livelihood',
        [
          'Moving forward the informatization of education',
          'Accelerating the informatization of scientific research',
          'Improving smart healthcare services',
          'Raising employment and social security informatization levels',
          'Implement the networked poverty relief action plan',
        ],
      ],
      [
        'Serving the construction of an ecological civilization, helping beautiful China',
        [
          'Innovating resource management and use methods',
          'Building novel ecological environment governance systems',
        ],
      ],
      [
        'Accelerating a strong information army, building a modern military forces system',
        [
          'Strengthening systematic construction',
          'Raising realistic warfare training levels',
          'Deepening military struggle preparations',
        ],
      ],
    ],
  ],
  [
    'V',
    'Incessantly optimizing the informatization development environment',
    [
      [
        'Moving forward with the construction of rule of law in informatization',
        [
          'Perfect the legal framework for informatization',
          'Moving the process of informatization legislation forward in an orderly manner',
          'Strengthening law enforcement capacity',
        ],
      ],
      [
        'Strengthening governance of the online ecology',
        [
          'Strengthening Internet management',
          'Shaping governance mechanisms with participation from all of society',
          'Safeguarding citizens’ lawful rights and interests',
        ],
      ],
      [
        'Safeguarding security in cyberspace',
        [
          'Safeguarding cyber sovereignty and national security',
          'Guaranteeing the security of critical information infrastructure',
          'Strengthening basic cybersecurity work',
        ],
      ],
    ],
  ],
  [
    'VI',
    'Institutional guarantees and organizational implementation',
    [
      ['Strengthening organizational leadership', []],
      ['Completing work mechanisms', []],
      ['Perfecting supplementary policies', []],
      ['Strengthening supervision and implementation', []],
    ],
  ],
];

const OBJECTIVES = ['By 2020', 'By 2025', 'By the middle of this century'];
const PRINCIPLES = [
  'Moving forward comprehensively',
  'Innovation and leadership',
  'Driving development',
  'Improving people’s livelihoods',
  'Cooperation and mutual gain',
  'Guaranteeing security',
];

/** Every measure as [path, title]: 56 of them (III 20, IV 27, V 9). */
const MEASURES = OUTLINE.flatMap(([chapter, , sections]) =>
  sections.flatMap(([, measures], sectionIndex) =>
    measures.map((title, index) => [`${chapter}.${sectionIndex + 1}.${index + 1}`, title] as const),
  ),
);

describe('parsePlanText on the shipped Outline (data/plans/nids-2016.en.txt)', () => {
  it('places everything: no problems', () => {
    expect(plan.problems).toEqual([]);
  });

  it('reads the title, the issuers, the date and the preamble', () => {
    expect(plan.title).toBe('Outline of the National Informatization Development Strategy');
    expect(plan.issuers).toEqual([
      'Central Committee General Office',
      'State Council General Office',
    ]);
    expect(plan.issuedOn).toBe('2016-07-27');
    const preamble = plan.preamble.split('\n\n');
    expect(preamble).toHaveLength(2);
    expect(preamble[0]).toMatch(
      /^In the present world, information technology innovation changes every day/,
    );
    expect(preamble[1]).toMatch(
      /^This Strategy Outline is an adjustment and development of the “National/,
    );
    expect(plan.preamble).not.toContain('Posted on');
  });

  it('has the six chapters with their numbers and titles', () => {
    expect(plan.nodes.map((node) => [node.kind, node.number, node.path, node.title])).toEqual(
      OUTLINE.map(([number, title]) => ['chapter', number, number, title]),
    );
    expect(plan.nodes.map((node) => node.printedNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('has every section with its number and title', () => {
    const actual = plan.nodes.flatMap((chapter) =>
      chapter.children.map((section) => [
        section.kind,
        section.path,
        section.number,
        section.title,
      ]),
    );
    const expected = OUTLINE.flatMap(([chapter, , sections]) =>
      sections.map(([title], index) => [
        'section',
        `${chapter}.${index + 1}`,
        String(index + 1),
        title,
      ]),
    );
    expect(actual).toEqual(expected);
    expect(plan.nodes.map((chapter) => chapter.children.length)).toEqual([2, 3, 5, 6, 3, 4]);
  });

  it('has the measure counts per section: III 5 4 3 4 4, IV 6 7 4 5 2 3, V 3 3 3, VI none', () => {
    const counts = plan.nodes.map((chapter) =>
      chapter.children.map(
        (section) => section.children.filter((child) => child.kind === 'measure').length,
      ),
    );
    expect(counts).toEqual([
      [0, 0],
      [0, 0, 0],
      [5, 4, 3, 4, 4],
      [6, 7, 4, 5, 2, 3],
      [3, 3, 3],
      [0, 0, 0, 0],
    ]);
  });

  it('has all 56 measures with their numbers and titles', () => {
    expect(MEASURES).toHaveLength(56);
    const measures = allNodes(plan.nodes).filter((node) => node.kind === 'measure');
    expect(measures.map((node) => [node.path, node.title])).toEqual(MEASURES);
    for (const measure of measures) {
      expect(measure.number).toBe(measure.path.split('.')[2]);
      expect(measure.children).toEqual([]);
      expect(measure.text).not.toBe('');
      // The title is not repeated in the text.
      expect(measure.text.startsWith(measure.title)).toBe(false);
    }
  });

  it('makes the three paragraphs groups of II(2) Strategic objectives into three objectives', () => {
    const section = nodeAt('II.2');
    expect(section.text).toBe('');
    expect(section.children.map((node) => [node.kind, node.number, node.path, node.title])).toEqual(
      OBJECTIVES.map((title, index) => [
        'objective',
        String(index + 1),
        `II.2.${index + 1}`,
        title,
      ]),
    );
    const [by2020, by2025, byMidCentury] = section.children;
    expect(by2020?.text).toMatch(/^household fixed broadband connectivity rates/);
    // The paragraph that does not start with "By" belongs to the objective before it.
    expect(by2020?.text.split('\n\n')).toHaveLength(2);
    expect(by2020?.text.split('\n\n')[1]).toMatch(
      /^International Internet export bandwidth is to reach 20 Tbps/,
    );
    expect(by2025?.text.split('\n\n')).toHaveLength(2);
    expect(by2025?.text.split('\n\n')[1]).toMatch(
      /^Internet international export broadband speed is to reach 48 Tbps/,
    );
    expect(byMidCentury?.text).toMatch(
      /^informatization is to comprehensively support.*global informatization development\.$/,
    );
    expect(byMidCentury?.line).toBe(39);
  });

  it('makes the dash lines of II(3) Basic principles into six principles', () => {
    const section = nodeAt('II.3');
    expect(section.children.map((node) => [node.kind, node.number, node.path, node.title])).toEqual(
      PRINCIPLES.map((title, index) => [
        'principle',
        String(index + 1),
        `II.3.${index + 1}`,
        title,
      ]),
    );
    expect(section.children[0]?.text).toMatch(
      /^Informatization affects the long-term sustainable development/,
    );
    expect(section.children.map((node) => node.line)).toEqual([43, 45, 47, 49, 51, 53]);
  });

  it('reads sections whose title is the first sentence of their text (I, II(1), VI)', () => {
    expect(nodeAt('II.1').title).toBe('Guiding ideology');
    expect(nodeAt('II.1').text).toMatch(/^Hold high the magnificent banner of Socialism/);
    expect(nodeAt('I.1').text).toMatch(
      /^At present, a new round of scientific and technological revolution/,
    );
    // The following paragraph without a number is appended to the section.
    expect(nodeAt('I.1').text.split('\n\n')).toHaveLength(2);
    expect(nodeAt('I.2').text.split('\n\n')[1]).toMatch(
      /^Our country’s comprehensive national strength/,
    );
    expect(nodeAt('VI.1').text).toMatch(/^Persist in the concentrated and uniform guidance/);
    expect(nodeAt('VI.4').text).toMatch(
      /^All localities and all departments must, according to the division of work/,
    );
  });

  it('keeps intro paragraphs in the text of their chapter or section', () => {
    expect(nodeAt('VI').text).toBe(
      'We must strengthen comprehensive coordination, powerfully integrate resources, shape joint forces for progress, realistically implement all strategic tasks, and ensure that strategic goals are realized on schedule.',
    );
    expect(nodeAt('III').text).toBe('');
    expect(nodeAt('III.1').text).toMatch(
      /^The extent of information technology and industry development decide/,
    );
    expect(nodeAt('V.3').text).toBe(
      'Establish correct cybersecurity views, persist in vigorous defence and effective response, strengthen cybersecurity defence capabilities, realistically safeguard national sovereignty, security and development interests in cyberspace.',
    );
  });

  it('places "12, Establishing ..." (line 83) as measure III.3.3, printed 12, with a renumbered note', () => {
    const measure = nodeAt('III.3.3');
    expect(measure).toMatchObject({
      kind: 'measure',
      number: '3',
      printedNumber: '12',
      title: 'Establishing basic structures and systems for information resources',
      line: 83,
    });
    expect(measure.text).toMatch(
      /^Explore the establishment of protection mechanisms for rights and interests/,
    );
    const note = plan.notes.find((candidate) => candidate.kind === 'renumbered');
    expect(note?.line).toBe(83);
    expect(note?.message).toContain('"12,"');
    expect(note?.message).toContain('III.3.3');
  });

  it('places "(IV) Innovating public services ..." (line 137) as section IV.4, not as a chapter', () => {
    const section = nodeAt('IV.4');
    expect(section).toMatchObject({ kind: 'section', number: '4', printedNumber: 'IV', line: 137 });
    expect(section.title).toBe(
      'Innovating public services, guaranteeing and improving the people’s livelihood',
    );
    expect(section.children).toHaveLength(5);
    const note = plan.notes.find((candidate) => candidate.kind === 'roman-numbered-section');
    expect(note?.line).toBe(137);
    expect(note?.message).toContain('"(IV)"');
    expect(note?.message).toContain('IV.4');
    expect(plan.nodes).toHaveLength(6);
  });

  it('splits the title of IV.1.3 at its stray ">" (line 111)', () => {
    const measure = nodeAt('IV.1.3');
    expect(measure.title).toBe(
      'Moving forward with the networked transformation of the services sector',
    );
    expect(measure.text).toMatch(
      /^Support the use of the Internet to launch service model innovation/,
    );
    const note = plan.notes.find((candidate) => candidate.kind === 'stray-title-terminator');
    expect(note?.line).toBe(111);
    expect(note?.message).toContain('">"');
    expect(note?.message).toContain('IV.1.3');
  });

  it('drops the web page footer with one note naming its first line', () => {
    const footerNotes = plan.notes.filter((note) => note.kind === 'footer-dropped');
    expect(footerNotes).toHaveLength(1);
    expect(footerNotes[0]?.line).toBe(317);
    expect(footerNotes[0]?.message).toContain('Leave a Reply');
    const everything = [
      plan.title,
      plan.preamble,
      ...plan.issuers,
      ...allNodes(plan.nodes).flatMap((node) => [node.title, node.text]),
    ];
    for (const dropped of [
      'Leave a Reply',
      'Fill in your details',
      'WordPress',
      'Twitter',
      'Facebook',
      'Connecting to %s',
    ]) {
      expect(everything.some((text) => text.includes(dropped))).toBe(false);
    }
    expect(nodeAt('VI.4').text.endsWith('.')).toBe(true);
  });

  it('drops "Posted on Updated on" and normalises the no-break space in the title, with notes', () => {
    expect(plan.notes.filter((note) => note.kind === 'header-dropped')).toEqual([
      { line: 3, kind: 'header-dropped', message: expect.stringContaining('Posted on Updated on') },
    ]);
    expect(plan.notes.filter((note) => note.kind === 'normalised-whitespace')).toEqual([
      { line: 1, kind: 'normalised-whitespace', message: expect.stringContaining('U+00A0') },
    ]);
    expect(plan.title).not.toContain('\u00A0');
  });

  it('makes exactly these six notes, in document order', () => {
    expect(plan.notes.map((note) => [note.line, note.kind])).toEqual([
      [1, 'normalised-whitespace'],
      [3, 'header-dropped'],
      [83, 'renumbered'],
      [111, 'stray-title-terminator'],
      [137, 'roman-numbered-section'],
      [317, 'footer-dropped'],
    ]);
  });

  it('keeps the typos of the text verbatim', () => {
    expect(nodeAt('I.2').title).toContain('innovation-driven modernization,, building');
    expect(nodeAt('II.2.1').text).toContain(
      'fifth-generation mobile telecommunications )%G) technology',
    );
    expect(nodeAt('V.1.2').text).toContain(
      'electronic documents.. Perfect judicial interpretations',
    );
    expect(nodeAt('II.1').text).toContain('the spirit of the 19th Party Congress');
    expect(nodeAt('II.3.6').text).toContain('it must be ensures that');
    expect(nodeAt('III.4.2').text).toContain('vocational collages');
  });

  it('gives every node a unique path made of the numbers of its ancestors', () => {
    const nodes = allNodes(plan.nodes);
    expect(nodes).toHaveLength(6 + 23 + 3 + 6 + 56);
    const paths = nodes.map((node) => node.path);
    expect(new Set(paths).size).toBe(paths.length);
    const check = (node: ParsedPlanNode, prefix: string): void => {
      expect(node.path).toBe(prefix === '' ? node.number : `${prefix}.${node.number}`);
      for (const child of node.children) check(child, node.path);
    };
    for (const chapter of plan.nodes) check(chapter, '');
  });

  it('records the source line of every node, in document order', () => {
    const lines = allNodes(plan.nodes).map((node) => node.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(nodeAt('I').line).toBe(15);
    expect(nodeAt('III.1.1').line).toBe(61);
    expect(nodeAt('VI.4').line).toBe(198);
  });

  it('loses no paragraph of the body: every source line up to the footer is found in the tree', () => {
    const bodyLines = SOURCE.split('\n')
      .slice(14, 316)
      .map((line) => line.trim().replace(/^(?:\(\w+\)|\w+[.,]|–)\s*/, ''))
      .filter((line) => line !== '');
    const texts = allNodes(plan.nodes).flatMap((node) => [node.title, ...node.text.split('\n\n')]);
    for (const line of bodyLines) {
      const lastWords = line.slice(-40);
      expect(texts.some((text) => text.endsWith(lastWords))).toBe(true);
    }
  });
});
