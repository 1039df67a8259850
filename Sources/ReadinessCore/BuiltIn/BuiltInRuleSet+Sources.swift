// Generated from rules/vic-aod-peer-workforce by BuiltInRuleSetTests: do not edit.
// Edit the YAML there, then run RECORD_GOLDEN=1 swift test --filter BuiltInRuleSetTests.

extension BuiltInRuleSet {
    /// The rule set's files: name and text.
    static let sources: [(name: String, text: String)] = [
        (
            "actions.yaml",
            ##"""
            actions:
              - id: ACT-WORKFORCE-PLAN
                title: Write and endorse a peer workforce plan, led by peer workers
                steps:
                  - Form a working group led by peer workers, with management and clinical staff
                  - Set out roles, numbers, funding, supervision, training and evaluation of peer work
                  - Take the plan to the board or executive for endorsement
                owner: Chief executive with the peer workforce lead
                effort_days: 10
                timeframe: 0-3 months

              - id: ACT-READINESS-TRAINING
                title: Deliver organisational readiness training for peer work
                steps:
                  - Choose or commission readiness training, co-delivered by peer workers
                  - Train managers and team leaders first, then all staff who work beside peer workers
                  - Record who has completed it and repeat it for new staff
                owner: Learning and development lead
                effort_days: 8
                timeframe: 0-3 months
                depends_on: [ACT-WORKFORCE-PLAN]

              - id: ACT-PROMOTE-ROLE
                title: Explain the peer role to every team
                steps:
                  - Have peer workers present the role and its values at team meetings
                  - Add the peer role to induction for all new staff
                  - Survey staff understanding again after six months
                owner: Peer workforce lead
                effort_days: 4
                timeframe: 3-6 months
                depends_on: [ACT-READINESS-TRAINING]

              - id: ACT-FUND-POSITIONS
                title: Fund paid peer positions
                steps:
                  - Cost peer positions at an award rate, with supervision and training time
                  - Convert voluntary peer roles into paid positions
                  - Seek funding in the next funding round or reallocate within the workforce budget
                owner: Chief executive
                effort_days: 15
                timeframe: 3-6 months
                depends_on: [ACT-WORKFORCE-PLAN]

              - id: ACT-BUDGET
                title: Give peer work its own budget line, funded beyond one year
                steps:
                  - Create a peer workforce line in the budget
                  - Seek multi-year funding for peer positions
                owner: Finance manager
                effort_days: 5
                timeframe: 6-12 months
                depends_on: [ACT-FUND-POSITIONS]

              - id: ACT-CENTRAL-RESOURCE
                title: Connect with the central peer workforce development resource
                steps:
                  - Register with the sector's peer workforce development resource
                  - Use its training, tools and advice in the peer workforce plan
                owner: Peer workforce lead
                effort_days: 1
                timeframe: 0-3 months

              - id: ACT-SUPERVISION-MODEL
                title: Develop a peer supervision model with peer workers
                steps:
                  - Review published peer supervision models with the peer workers
                  - Write the model, covering purpose, format, frequency and who supervises
                  - Approve it and brief supervisors and managers
                owner: Peer workforce lead
                effort_days: 6
                timeframe: 0-3 months
                # With no peer workers yet, this waits until positions are funded.
                depends_on:
                  - {action: ACT-FUND-POSITIONS, when: size(peer_workers) == 0}

              - id: ACT-SUPERVISOR-ACCESS
                title: Provide a peer supervisor
                steps:
                  - Train an experienced peer worker as a supervisor, or contract external peer supervision
                  - Give every peer worker access to discipline-specific supervision
                owner: Service manager
                effort_days: 5
                timeframe: 3-6 months
                depends_on: [ACT-SUPERVISION-MODEL]

              - id: ACT-SUPERVISION-CADENCE
                title: Schedule regular supervision in every peer worker's employment terms
                steps:
                  - Add supervision, at the model's frequency, to position descriptions and contracts
                  - Book sessions ahead and record when they happen
                owner: Team leaders
                effort_days: 2
                timeframe: 0-3 months
                depends_on: [ACT-SUPERVISION-MODEL]

              - id: ACT-PEER-TRAINING
                title: Fund discipline-specific training for every peer worker
                steps:
                  - Enrol peer workers in accredited peer work training
                  - Cover the 12 peer competency categories across the team
                  - Track hours completed for each worker
                owner: Learning and development lead
                effort_days: 10
                timeframe: 3-6 months
                # With no peer workers yet, this waits until positions are funded.
                depends_on:
                  - {action: ACT-FUND-POSITIONS, when: size(peer_workers) == 0}

              - id: ACT-DEVELOPMENT-PLANS
                title: Agree a professional development plan with each peer worker
                steps:
                  - Agree yearly development goals in supervision
                  - Fund at least one development activity a year for each worker
                owner: Team leaders
                effort_days: 3
                timeframe: 3-6 months
                # With no peer workers yet, this waits until positions are funded.
                depends_on:
                  - ACT-SUPERVISION-CADENCE
                  - {action: ACT-FUND-POSITIONS, when: size(peer_workers) == 0}

              - id: ACT-COMPETENCIES
                title: Adopt core competencies and practice guidelines with stakeholders
                steps:
                  - Start from the SAMHSA peer competencies and sector frameworks
                  - Consult peer workers, consumers and staff on what fits the service
                  - Publish the competencies and practice guidelines and use them in recruitment and supervision
                owner: Peer workforce lead
                effort_days: 12
                timeframe: 3-6 months

              - id: ACT-PEER-PROGRAMS
                title: Move welcome sessions and groups to peer leadership
                steps:
                  - Have peer workers run welcome sessions using informal processes
                  - >-
                    Hand group check-ins, psychoeducation and art groups to peer facilitators, with
                    co-facilitation at first
                owner: Program managers
                effort_days: 8
                timeframe: 6-12 months
                depends_on: [ACT-PEER-TRAINING]

              - id: ACT-PEERS-IN-PLANNING
                title: Include peer workers in service planning
                steps:
                  - Give peer workers seats on service planning and design groups
                  - Pay for their time in planning work
                owner: Service manager
                effort_days: 2
                timeframe: 3-6 months
                # With no peer workers yet, this waits until positions are funded.
                depends_on:
                  - {action: ACT-FUND-POSITIONS, when: size(peer_workers) == 0}

              - id: ACT-DATA
                title: Record peer activity and outcomes
                steps:
                  - Add peer activity types to the client information system
                  - Choose outcome measures with peer workers and record them
                owner: Data and quality lead
                effort_days: 6
                timeframe: 3-6 months

              - id: ACT-REPORTING
                title: Report peer activity and outcomes to the department
                steps:
                  - Include peer activity and outcome data in departmental reports
                  - Review the figures with the peer team each quarter
                owner: Data and quality lead
                effort_days: 3
                timeframe: 6-12 months
                depends_on: [ACT-DATA]

              - id: ACT-COMMUNICATION
                title: Develop and implement a communication strategy for peer work
                steps:
                  - Set out audiences, messages and channels with the peer team
                  - Publish stories of peer work with consent
                  - Review the strategy every year
                owner: Communications officer
                effort_days: 5
                timeframe: 6-12 months

              - id: ACT-EVALUATION
                title: Evaluate peer work activities every year
                steps:
                  - Agree an evaluation design with peer workers and consumers
                  - Collect and analyse the data yearly
                owner: Data and quality lead
                effort_days: 10
                timeframe: 6-12 months
                depends_on: [ACT-DATA]

              - id: ACT-DISSEMINATE
                title: Share evaluation outcomes with consumers and the sector
                steps:
                  - Write a plain-language summary for consumers
                  - Present the findings at sector forums and networks
                owner: Peer workforce lead
                effort_days: 4
                timeframe: 12+ months
                depends_on: [ACT-EVALUATION]

              - id: ACT-COMMUNITY-OF-PRACTICE
                title: Join a peer community of practice and sector networks
                steps:
                  - Connect peer workers with the sector's peer community of practice
                  - Allow paid time for communities of practice and network events
                owner: Team leaders
                effort_days: 1
                timeframe: 0-3 months
                # With no peer workers yet, this waits until positions are funded.
                depends_on:
                  - {action: ACT-FUND-POSITIONS, when: size(peer_workers) == 0}

              - id: ACT-CADETSHIP
                title: Structure the cadetship on the AOD peer cadetship model
                steps:
                  - Start with a 6-week orientation
                  - Plan rotations across at least two programs
                  - Teach administrative processes and have cadets co-design and facilitate a group
                  - Have cadets observe, then take part in, navigation sessions, and observe case-note writing
                  - Give each cadet a mentor on placement
                  - Pay two placement days a week with one protected study day
                owner: Peer workforce lead
                effort_days: 10
                timeframe: 6-12 months
                depends_on: [ACT-SUPERVISION-MODEL]

              - id: ACT-DISCIPLINE-ROLES
                title: Write and grade peer roles as a discipline of their own
                steps:
                  - Rewrite peer position descriptions to name peer work as a discipline, with its values
                  - Make lived experience an essential selection criterion
                  - Set a classification for peer roles and a path to senior, lead and supervisory roles
                owner: Human resources manager with the peer workforce lead
                effort_days: 8
                timeframe: 3-6 months
                depends_on: [ACT-WORKFORCE-PLAN]

              - id: ACT-CADET-EMPLOYMENT
                title: Plan each cadet's move into paid peer work
                steps:
                  - Before placements end, agree with each cadet the roles they will apply for
                  - Offer cadets interviews for the service's own vacancies, and introductions elsewhere
                  - Follow up where cadets are working six months after the cadetship
                owner: Human resources manager
                effort_days: 3
                timeframe: 12+ months
                depends_on: [ACT-CADETSHIP]

            """##
        ),
        (
            "rules-cadetship.yaml",
            ##"""
            rules:
              - id: CAD-01
                domain: cadetship
                title: The cadetship opens with a {{ params.cadetship_orientation_weeks }}-week orientation
                rationale: A structured orientation prepares cadets before they work with participants.
                source: "[M] The cadetship: a 6-week orientation."
                weight: 2
                applies_if: cadetship.offered
                require: cadetship.orientation_weeks >= params.cadetship_orientation_weeks
                values:
                  weeks: cadetship.orientation_weeks
                gap: The cadets' orientation lasts {{ weeks }} weeks.
                actions: [ACT-CADETSHIP]

              - id: CAD-02
                domain: cadetship
                title: Cadets rotate across programs
                rationale: >-
                  Rotations show cadets the breadth of the service and where peer work fits in each part.
                source: "[M] Rotation across programs."
                weight: 2
                applies_if: cadetship.offered
                require: cadetship.rotation_programs >= params.cadetship_min_rotations
                values:
                  programs: cadetship.rotation_programs
                gap: Cadets rotate through {{ programs }} programs.
                actions: [ACT-CADETSHIP]

              - id: CAD-03
                domain: cadetship
                title: Cadets learn the administrative processes
                rationale: >-
                  Administrative processes are part of the job; learning them early prepares cadets for
                  employment.
                source: "[M] The cadetship includes administrative processes."
                weight: 1
                applies_if: cadetship.offered
                require: cadetship.administrative_processes
                gap: Cadets do not learn the service's administrative processes.
                actions: [ACT-CADETSHIP]

              - id: CAD-04
                domain: cadetship
                title: Cadets co-design and facilitate a group
                rationale: Co-designing and facilitating a group is the cadetship's practical core.
                source: "[M] Co-designing and facilitating a group."
                weight: 2
                applies_if: cadetship.offered
                require: cadetship.co_design_group
                gap: Cadets do not co-design and facilitate a group.
                actions: [ACT-CADETSHIP]

              - id: CAD-05
                domain: cadetship
                title: >-
                  The placement is paid, {{ params.cadetship_placement_days }} days and
                  {{ params.cadetship_study_days }} study day a week
                rationale: >-
                  A paid placement with protected study time is what makes the cadetship a pathway into
                  employment rather than unpaid work.
                source: "[M] Paid placement."
                references: ["Victorian AOD peer cadetship: about 10 months, two paid placement days and one study day a week"]
                weight: 3
                applies_if: cadetship.offered
                grade: >-
                  (cadetship.paid_placement ? 0.5 : 0.0)
                  + (cadetship.placement_days_per_week >= params.cadetship_placement_days ? 0.25 : 0.0)
                  + (cadetship.study_days_per_week >= params.cadetship_study_days ? 0.25 : 0.0)
                gap: The placement is not paid at two days a week with a study day.
                actions: [ACT-CADETSHIP]

              - id: CAD-06
                domain: cadetship
                title: Cadets observe, then take part in, navigation sessions
                rationale: >-
                  Seeing navigation done and then doing it with support is how cadets learn the work itself.
                source: "[M] The cadetship: observe and participate in navigation sessions."
                weight: 2
                applies_if: cadetship.offered
                grade: "cadetship.navigation_sessions == 'observe_and_participate' ? 1.0 : (cadetship.navigation_sessions == 'observe' ? 0.5 : 0.0)"
                gap: Cadets do not both observe and take part in navigation sessions.
                actions: [ACT-CADETSHIP]

              - id: CAD-07
                domain: cadetship
                title: Cadets observe case-note writing
                rationale: >-
                  Case notes are part of the record of care; watching them written prepares cadets to write
                  their own.
                source: "[M] The cadetship: observe case note writing."
                weight: 1
                applies_if: cadetship.offered
                require: cadetship.case_note_writing
                gap: Cadets do not observe case-note writing.
                actions: [ACT-CADETSHIP]

              - id: CAD-08
                domain: cadetship
                title: Cadets are mentored on placement
                rationale: A mentor turns a placement into on-the-job learning that is guided and valued.
                source: "[M] The cadetship: informal, on-the-job skill-building, mentored, valued."
                weight: 2
                applies_if: cadetship.offered
                require: cadetship.mentored
                gap: Cadets have no mentor on placement.
                actions: [ACT-CADETSHIP]

              - id: CAD-09
                domain: cadetship
                title: Cadets move into paid peer work when placements end
                rationale: >-
                  The cadetship is a pathway into employment; it succeeds when cadets leave work-ready and find
                  paid roles.
                source: "[M] The cadetship: work ready once placements are completed."
                weight: 3
                applies_if: cadetship.offered
                require: cadetship.transition_to_work
                gap: Nothing helps cadets into paid peer work when their placements end.
                actions: [ACT-CADET-EMPLOYMENT]

            """##
        ),
        (
            "rules-discipline.yaml",
            ##"""
            rules:
              - id: DSC-01
                domain: discipline
                title: Position descriptions name peer work as a discipline of its own
                rationale: >-
                  A role written as an assistant to another discipline is managed and judged as one; naming
                  the discipline and its values in the position description is where recognition starts.
                source: >-
                  [S] Vision: peer work will be understood, valued and recognised as its own professional
                  discipline.
                weight: 2
                applies_if: size(peer_workers) > 0 || resourcing.paid_positions > 0
                require: discipline.position_descriptions
                gap: Peer position descriptions do not name peer work as a discipline of its own.
                actions: [ACT-DISCIPLINE-ROLES]

              - id: DSC-02
                domain: discipline
                title: Lived experience is an essential selection criterion
                rationale: >-
                  Lived experience is what the discipline brings; as a merely desirable criterion it can be
                  traded away in recruitment.
                source: >-
                  [S] Vision: peer work recognised as its own discipline; [M] peer work draws upon lived
                  experience.
                weight: 2
                applies_if: size(peer_workers) > 0 || resourcing.paid_positions > 0
                require: discipline.lived_experience_essential
                gap: Lived experience is not an essential criterion for peer roles.
                actions: [ACT-DISCIPLINE-ROLES]

              - id: DSC-03
                domain: discipline
                title: Peer roles have their own classification and a career path
                rationale: >-
                  A classification of its own values the work as a discipline, and a career path keeps
                  experienced peer workers in the field; each is half of the credit.
                source: "[S] Vision: peer work valued and recognised as its own professional discipline."
                weight: 2
                applies_if: size(peer_workers) > 0 || resourcing.paid_positions > 0
                grade: "(discipline.own_classification ? 0.5 : 0.0) + (discipline.career_path ? 0.5 : 0.0)"
                gap: Peer roles lack a classification of their own or a career path.
                actions: [ACT-DISCIPLINE-ROLES]

            """##
        ),
        (
            "rules-engagement.yaml",
            ##"""
            rules:
              - id: COM-01
                domain: communication
                title: A communication strategy promotes peer work
                rationale: Peer work should be promoted inside and outside the organisation.
                source: >-
                  [S] Peer work should be promoted: develop and implement a communication strategy to
                  disseminate information.
                weight: 2
                require: communication.strategy
                gap: There is no communication strategy promoting peer work.
                actions: [ACT-COMMUNICATION]

              - id: COM-02
                domain: communication
                title: >-
                  The communication strategy has been reviewed in the last {{ params.max_review_age_days }} days
                rationale: A strategy that is implemented is kept current.
                source: "[S] Develop and implement a communication strategy."
                weight: 1
                applies_if: communication.strategy
                require: days_since(communication.strategy_reviewed) <= params.max_review_age_days
                values:
                  age: days_since(communication.strategy_reviewed)
                gap: The communication strategy was last reviewed {{ age }} days ago.
                actions: [ACT-COMMUNICATION]

              - id: EVA-01
                domain: evaluation
                title: Peer work activities are evaluated
                rationale: Evaluation is how peer work shows its value and improves.
                source: "[S] Facilitate evaluation of peer worker activities."
                weight: 3
                require: evaluation.activities_evaluated
                gap: Peer work activities are not evaluated.
                actions: [ACT-EVALUATION]

              - id: EVA-02
                domain: evaluation
                title: Peer work was evaluated in the last {{ params.max_review_age_days }} days
                rationale: Evaluation should be regular, not a one-off.
                source: "[S] Facilitate evaluation of peer worker activities."
                weight: 1
                applies_if: evaluation.activities_evaluated
                require: days_since(evaluation.last_evaluation) <= params.max_review_age_days
                values:
                  age: days_since(evaluation.last_evaluation)
                gap: Peer work was last evaluated {{ age }} days ago.
                actions: [ACT-EVALUATION]

              - id: EVA-03
                domain: evaluation
                title: Outcomes are shared with consumers
                rationale: The strategy asks that outcomes be documented and distributed to consumers.
                source: "[S] Document and distribute outcomes to consumers and the wider sector."
                weight: 2
                applies_if: evaluation.activities_evaluated
                require: evaluation.shared_with_consumers
                gap: Evaluation outcomes are not shared with consumers.
                actions: [ACT-DISSEMINATE]

              - id: EVA-04
                domain: evaluation
                title: Outcomes are shared with the wider sector
                rationale: Sharing outcomes builds the evidence base for peer work across the sector.
                source: "[S] Document and distribute outcomes to consumers and the wider sector."
                weight: 1
                applies_if: evaluation.activities_evaluated
                require: evaluation.shared_with_sector
                gap: Evaluation outcomes are not shared with the wider sector.
                actions: [ACT-DISSEMINATE]

              - id: NET-01
                domain: networking
                title: Peer workers take part in a community of practice
                rationale: A community of practice is part of the sector-wide framework the strategy describes.
                source: "[S] Priming: a framework that includes a peer worker community of practice."
                weight: 2
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.community_of_practice
                gap: "{{ unmet }} of {{ total }} peer workers are not part of a community of practice."
                actions: [ACT-COMMUNITY-OF-PRACTICE]

              - id: NET-02
                domain: networking
                title: Peer workers can join sector networks in paid time
                rationale: >-
                  Networking opportunities are part of what the strategy says peer workers will be provided.
                source: >-
                  [S] The peer workforce will be provided specialised training, supervision, professional
                  development and networking opportunities.
                weight: 1
                require: networking.external_networks
                gap: Peer workers cannot join sector networks and events in paid time.
                actions: [ACT-COMMUNITY-OF-PRACTICE]

            """##
        ),
        (
            "rules-practice.yaml",
            ##"""
            rules:
              - id: CMP-01
                domain: competencies
                title: A core competency framework for peer workers is adopted
                rationale: >-
                  Shared competencies define what peer workers do and how they are trained and assessed.
                source: >-
                  [S] Develop Core Competencies and Practice Guidelines in consultation with key stakeholders.
                weight: 3
                mandatory: true
                require: competencies.framework_adopted
                gap: No core competency framework for peer workers is adopted.
                actions: [ACT-COMPETENCIES]

              - id: CMP-02
                domain: competencies
                title: Practice guidelines for peer work are written
                rationale: >-
                  Guidelines turn the competencies into everyday practice and protect the role's boundaries.
                source: "[S] Develop Core Competencies and Practice Guidelines."
                weight: 2
                evidence: required
                require: competencies.practice_guidelines
                gap: There are no written practice guidelines for peer work.
                actions: [ACT-COMPETENCIES]

              - id: CMP-03
                domain: competencies
                title: Competencies and guidelines were developed with stakeholders
                rationale: >-
                  The strategy asks for them to be developed in consultation with key stakeholders, peer workers
                  first.
                source: "[S] ... in consultation with key stakeholders."
                weight: 1
                applies_if: competencies.framework_adopted || competencies.practice_guidelines
                require: competencies.developed_with_stakeholders
                gap: >-
                  The competencies and guidelines were not developed with peer workers and other stakeholders.
                actions: [ACT-COMPETENCIES]

              - id: CMP-05
                domain: competencies
                title: Practice guidelines state mutuality and role integrity
                rationale: >-
                  Mutuality is what distinguishes peer work from other disciplines; guidelines that state it,
                  and guard the role from drifting into others' tasks, keep the practice peer work.
                source: >-
                  [M] Peer work is distinguished from other disciplines by its commitment to maintaining a
                  mutual relationship, while drawing upon lived experience.
                weight: 2
                applies_if: competencies.practice_guidelines
                require: competencies.mutuality_and_role_integrity
                gap: The practice guidelines do not state mutuality and the integrity of the peer role.
                actions: [ACT-COMPETENCIES]

              - id: CMP-04
                domain: competencies
                title: The peer team covers the 12 peer competency categories
                rationale: >-
                  Between them, the team's peer workers should be trained in every SAMHSA category of peer
                  competency, so no part of the role is missing from the service.
                source: "[S] Develop Core Competencies and Practice Guidelines."
                references: ["SAMHSA Core Competencies for Peer Workers in Behavioral Health Services: 12 categories"]
                weight: 2
                applies_if: size(peer_workers) > 0
                grade: >-
                  min(1.0, ratio(size(['engagement', 'support', 'lived_experience', 'personalised_support',
                  'recovery_planning', 'linking_resources', 'wellness_information', 'crisis_support',
                  'communication', 'collaboration', 'advocacy', 'growth_development'].filter(c,
                  peer_workers.exists(w, c in w.competencies))), 12) / params.competency_target)
                values:
                  covered: >-
                    size(['engagement', 'support', 'lived_experience', 'personalised_support',
                    'recovery_planning', 'linking_resources', 'wellness_information', 'crisis_support',
                    'communication', 'collaboration', 'advocacy', 'growth_development'].filter(c,
                    peer_workers.exists(w, c in w.competencies)))
                gap: The peer team covers {{ covered }} of the 12 peer competency categories.
                actions: [ACT-COMPETENCIES, ACT-PEER-TRAINING]

            """##
        ),
        (
            "rules-readiness.yaml",
            ##"""
            rules:
              - id: ORG-01
                domain: readiness
                title: The organisation provides readiness training for peer work
                rationale: >-
                  Organisations must be educated and prepared before peer workers arrive, or the role is
                  misunderstood and peer workers carry the cost.
                source: "[S] Priming: a framework that includes organisational readiness training."
                references: ["[S] Vision: organisations will be educated and adequately prepared for the introduction and sustainability of the peer workforce"]
                weight: 3
                mandatory: true
                require: readiness.training_program
                gap: The organisation has no readiness training for peer work.
                actions: [ACT-READINESS-TRAINING]

              - id: ORG-02
                domain: readiness
                title: Staff have completed readiness training
                rationale: >-
                  Training only prepares the organisation if the staff who work beside peer workers take it.
                source: "[S] Organisations will be educated and adequately prepared for the peer workforce."
                weight: 2
                applies_if: staff.total > 0
                grade: min(1.0, ratio(staff.readiness_trained, staff.total))
                values:
                  trained: staff.readiness_trained
                  total: staff.total
                gap: "{{ trained }} of {{ total }} staff have completed readiness training."
                actions: [ACT-READINESS-TRAINING]

              - id: ORG-03
                domain: readiness
                title: Managers and team leaders are trained for peer work
                rationale: >-
                  Managers decide workloads, supervision and scope of practice; their understanding sets the
                  conditions for peer work.
                source: >-
                  [S] Organisations will be educated and adequately prepared for the introduction and
                  sustainability of the peer workforce.
                weight: 2
                require: staff.managers_trained
                gap: Not every manager and team leader has completed readiness training.
                actions: [ACT-READINESS-TRAINING]

              - id: ORG-04
                domain: readiness
                title: Staff understand the peer role
                rationale: >-
                  Peer work will be understood, valued and recognised as its own professional discipline
                  only when colleagues understand what it is.
                source: >-
                  [S] Vision: peer work will be understood, valued and recognised as its own professional
                  discipline.
                weight: 2
                grade: double(staff.peer_role_understanding - 1) / 2.0
                values:
                  rating: staff.peer_role_understanding
                gap: Staff understanding of the peer role is rated {{ rating }} of 3.
                actions: [ACT-READINESS-TRAINING, ACT-PROMOTE-ROLE]

              - id: ORG-05
                domain: readiness
                title: Leadership has endorsed a peer workforce plan
                rationale: Sustaining a peer workforce needs commitment above the program level.
                source: >-
                  [S] Organisations will be adequately prepared for the introduction and sustainability of the
                  peer workforce.
                weight: 2
                require: readiness.leadership_endorsement
                gap: The board or executive has not endorsed a peer workforce plan.
                actions: [ACT-WORKFORCE-PLAN]

              - id: ORG-06
                domain: readiness
                title: Peer workers lead the organisation's peer workforce initiatives
                rationale: The strategy expects its initiatives to be led by the AOD peer workforce.
                source: "[S] Initiatives from this Strategy will be led by the AOD peer workforce."
                weight: 1
                require: readiness.peer_led_design
                gap: Peer workers have not led the organisation's peer workforce initiatives.
                actions: [ACT-WORKFORCE-PLAN]

            """##
        ),
        (
            "rules-resourcing.yaml",
            ##"""
            rules:
              - id: RES-01
                domain: resourcing
                title: The service has paid peer positions
                rationale: A peer workforce is employed, not volunteered; paid positions are its foundation.
                source: >-
                  [S] Adequate resources will be granted for the growth and sustainability of the peer
                  workforce.
                weight: 3
                mandatory: true
                require: resourcing.paid_positions > 0
                gap: The service has no funded, paid peer positions.
                actions: [ACT-FUND-POSITIONS]

              - id: RES-02
                domain: resourcing
                title: Peer workers are paid for their work
                rationale: >-
                  Unpaid peer roles signal that lived experience is not valued as professional expertise.
                source: "[S] Peer work will be valued and recognised as its own professional discipline."
                weight: 3
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.paid
                gap: "{{ unmet }} of {{ total }} people in peer roles are not paid."
                actions: [ACT-FUND-POSITIONS]

              - id: RES-03
                domain: resourcing
                title: Peer work has a dedicated budget line
                rationale: Resources that are not identified in the budget are the first to go.
                source: "[S] Adequate resources for the growth and sustainability of the peer workforce."
                weight: 2
                require: resourcing.dedicated_budget
                gap: Peer work has no dedicated line in the budget.
                actions: [ACT-BUDGET]

              - id: RES-04
                domain: resourcing
                title: Peer positions are funded beyond the current year
                rationale: Sustainability needs funding that outlasts a single year.
                source: "[S] Resources for the growth and sustainability of the peer workforce."
                weight: 2
                applies_if: resourcing.paid_positions > 0
                require: resourcing.multi_year_funding
                gap: Peer positions are funded for the current year only.
                actions: [ACT-BUDGET]

              - id: RES-05
                domain: resourcing
                title: The service uses a central peer workforce development resource
                rationale: The strategy envisages a central resource supporting peer workers and the sector.
                source: >-
                  [S] Vision: peer workers and the sector will be supported by a central resource for peer
                  workforce development.
                weight: 1
                require: resourcing.central_resource_access
                gap: The service does not use a central peer workforce development resource.
                actions: [ACT-CENTRAL-RESOURCE]

              - id: RES-06
                domain: resourcing
                title: Peer work amounts to at least {{ params.min_peer_fte }} FTE
                rationale: >-
                  A peer workforce of a few hours a week cannot share supervision, cover leave or sustain the
                  role.
                source: >-
                  [S] Adequate resources will be granted for the growth and sustainability of the peer
                  workforce.
                weight: 2
                applies_if: size(peer_workers) > 0
                require: sum(peer_workers.map(w, w.fte)) >= params.min_peer_fte
                values:
                  fte: sum(peer_workers.map(w, w.fte))
                gap: Peer work amounts to {{ fte }} FTE, under {{ params.min_peer_fte }}.
                actions: [ACT-FUND-POSITIONS]

              - id: RES-07
                domain: resourcing
                title: Peer work has at least {{ params.min_budget_share }}% of the workforce budget
                rationale: >-
                  The budget share shows whether resources match the ambition; smaller shares earn proportional
                  credit.
                source: >-
                  [S] Adequate resources will be granted for the growth and sustainability of the peer
                  workforce.
                weight: 2
                grade: min(1.0, resourcing.budget_share / params.min_budget_share)
                values:
                  share: resourcing.budget_share
                gap: >-
                  Peer work has {{ share }}% of the workforce budget, under the target of
                  {{ params.min_budget_share }}%.
                actions: [ACT-BUDGET]

            """##
        ),
        (
            "rules-service.yaml",
            ##"""
            rules:
              - id: SVC-01
                domain: service_design
                title: Welcome sessions are peer-run
                rationale: >-
                  Peer-run welcome sessions create connection through shared lived experience from a person's
                  first contact.
                source: "[M] Peer run welcome sessions using informal processes."
                weight: 2
                require: service_design.welcome_sessions == 'peer_run'
                values:
                  current: service_design.welcome_sessions
                gap: "Welcome sessions are not peer-run (now: {{ current }})."
                actions: [ACT-PEER-PROGRAMS]

              - id: SVC-02
                domain: service_design
                title: Group check-ins are peer-led
                rationale: Peer-led check-ins with feedback counter isolation and build belonging.
                source: "[M] Peer led group check in with feedback."
                weight: 2
                require: service_design.group_check_ins == 'peer_led'
                values:
                  current: service_design.group_check_ins
                gap: "Group check-ins are not peer-led (now: {{ current }})."
                actions: [ACT-PEER-PROGRAMS]

              - id: SVC-03
                domain: service_design
                title: Psychoeducation and art groups are peer-led
                rationale: >-
                  The model integrates peer work into the service's groups, not only into one-to-one support.
                source: "[M] Peer-led psychoeducation and art groups."
                weight: 2
                grade: >-
                  (service_design.psychoeducation_groups == 'peer_led' ? 0.5 : 0.0)
                  + (service_design.art_groups == 'peer_led' ? 0.5 : 0.0)
                gap: Not all psychoeducation and art groups are peer-led.
                actions: [ACT-PEER-PROGRAMS]

              - id: SVC-04
                domain: service_design
                title: Peer workers take part in service planning and design
                rationale: >-
                  The peer workforce becomes an embedded model only when it shapes the service, not only
                  delivers it.
                source: >-
                  [S] Vision: the peer workforce will be established as an integrated part of service design.
                weight: 3
                require: service_design.peers_in_planning
                gap: Peer workers do not take part in service planning and design.
                actions: [ACT-PEERS-IN-PLANNING]

              - id: SYS-01
                domain: systems
                title: Peer workforce activity is recorded
                rationale: Activity that is not recorded cannot be managed, funded or reported.
                source: >-
                  [S] Monitor peer workforce activity and outcome data through departmental reporting
                  requirements.
                weight: 2
                require: systems.activity_data
                gap: Peer workforce activity is not recorded in the organisation's systems.
                actions: [ACT-DATA]

              - id: SYS-02
                domain: systems
                title: Outcomes of peer work are recorded
                rationale: Outcome data shows what peer work achieves for the people it serves.
                source: "[S] Monitor peer workforce activity and outcome data."
                weight: 2
                require: systems.outcome_data
                gap: Outcomes of peer work are not recorded.
                actions: [ACT-DATA]

              - id: SYS-03
                domain: systems
                title: Peer activity and outcomes are in departmental reporting
                rationale: >-
                  The strategy asks for peer work to be reflected in organisational systems through departmental
                  reporting requirements.
                source: >-
                  [S] Organisations should have peer work reflected in organisational systems: monitor peer
                  workforce activity and outcome data through departmental reporting requirements.
                weight: 3
                mandatory: true
                require: systems.in_reporting
                gap: Peer activity and outcome data are not part of departmental reporting.
                actions: [ACT-REPORTING]

            """##
        ),
        (
            "rules-supervision.yaml",
            ##"""
            rules:
              - id: SUP-01
                domain: supervision
                title: A peer supervision model is documented
                rationale: >-
                  The strategy's practice for supervision is to develop a peer worker supervision model; without
                  one, supervision defaults to clinical models that do not fit peer work.
                source: >-
                  [S] Peer workers should be provided regular, discipline specific supervision as part of their
                  employment: develop a peer worker supervision model.
                weight: 3
                mandatory: true
                # A funder asks to see the model: a claim that it is written is backed by the document.
                evidence: required
                require: supervision.model_documented
                gap: There is no written peer supervision model.
                actions: [ACT-SUPERVISION-MODEL]

              - id: SUP-02
                domain: supervision
                title: Peer workers receive discipline-specific supervision
                rationale: >-
                  Supervision by someone who understands peer work protects its values (mutuality, lived
                  experience) from drifting into clinical practice.
                source: "[S] Regular, discipline specific supervision as part of their employment."
                weight: 3
                mandatory: true
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.supervision.discipline_specific
                gap: "{{ unmet }} of {{ total }} peer workers have no discipline-specific supervision."
                actions: [ACT-SUPERVISION-MODEL, ACT-SUPERVISOR-ACCESS]

              - id: SUP-03
                domain: supervision
                title: >-
                  Peer workers are supervised at least every {{ params.max_supervision_interval_days }} days
                rationale: >-
                  Supervision must be regular. No authoritative frequency exists, so the interval is a
                  parameter (monthly by default) that a funder's tailoring may set.
                source: "[S] Peer workers should be provided regular ... supervision."
                weight: 3
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.supervision.interval_days <= params.max_supervision_interval_days
                gap: >-
                  {{ unmet }} of {{ total }} peer workers are supervised less often than every
                  {{ params.max_supervision_interval_days }} days.
                actions: [ACT-SUPERVISION-CADENCE]

              - id: SUP-04
                domain: supervision
                title: Supervision is part of peer workers' employment
                rationale: >-
                  Supervision that depends on goodwill lapses under workload; the strategy places it in the
                  terms of employment.
                source: "[S] Supervision as part of their employment."
                weight: 2
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.supervision.in_employment_terms
                gap: >-
                  {{ unmet }} of {{ total }} peer workers do not have supervision in their employment terms.
                actions: [ACT-SUPERVISION-CADENCE]

              - id: SUP-05
                domain: supervision
                title: A peer supervisor is available
                rationale: >-
                  Peer supervision by a trained peer worker is the discipline-specific form the model calls for.
                source: "[S] Develop a peer worker supervision model; discipline specific supervision."
                weight: 2
                require: supervision.peer_supervisor
                gap: No peer supervisor is available to the peer workers.
                actions: [ACT-SUPERVISOR-ACCESS]

              - id: SUP-06
                domain: supervision
                title: New peer workers have received {{ params.min_supervised_hours }} hours of supervision
                rationale: A credential-level amount of supervised practice anchors a new worker's practice.
                source: "[S] Regular, discipline specific supervision."
                references: ["IC&RC Peer Recovery credential: 25 hours of supervision"]
                weight: 1
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.supervision.hours_received >= params.min_supervised_hours
                  target: 0.8
                gap: >-
                  {{ unmet }} of {{ total }} peer workers have had under {{ params.min_supervised_hours }} hours
                  of supervision.
                actions: [ACT-SUPERVISION-CADENCE]

              - id: SUP-07
                domain: supervision
                title: Peer workers helped develop the supervision model
                rationale: A model developed with peer workers reflects the discipline it supervises.
                source: "[S] Initiatives will be led by the AOD peer workforce."
                weight: 1
                applies_if: supervision.model_documented
                require: supervision.model_developed_with_peers
                gap: The supervision model was developed without peer workers.
                actions: [ACT-SUPERVISION-MODEL]

            """##
        ),
        (
            "rules-training.yaml",
            ##"""
            rules:
              - id: TRN-01
                domain: training
                title: >-
                  Peer workers have completed {{ params.min_training_hours }} hours of discipline-specific
                  training
                rationale: >-
                  Consistent, discipline-specific training is what makes peer work a profession rather than
                  goodwill.
                source: >-
                  [S] Peer workers should be provided with consistent discipline specific training and
                  professional development.
                references: ["IC&RC Peer Recovery credential: 46 hours of training"]
                weight: 3
                mandatory: true
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.training_hours >= params.min_training_hours
                gap: >-
                  {{ unmet }} of {{ total }} peer workers have under {{ params.min_training_hours }} hours of
                  peer training.
                actions: [ACT-PEER-TRAINING]

              - id: TRN-02
                domain: training
                title: Peer workers have a professional development plan
                rationale: >-
                  Development planned with the worker keeps training consistent and tied to their growth.
                source: >-
                  [S] The peer workforce will be provided specialised training, supervision, professional
                  development and networking opportunities.
                weight: 2
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.development_plan
                gap: "{{ unmet }} of {{ total }} peer workers have no professional development plan."
                actions: [ACT-DEVELOPMENT-PLANS]

              - id: TRN-03
                domain: training
                title: Peer workers took part in professional development in the last year
                rationale: Professional development has to happen, not only be planned.
                source: >-
                  [S] Peer workers should be provided with consistent discipline specific training and
                  professional development.
                weight: 2
                applies_if: size(peer_workers) > 0
                measure:
                  each: peer_workers
                  as: w
                  meets: w.development_last_year
                gap: >-
                  {{ unmet }} of {{ total }} peer workers had no professional development in the last 12 months.
                actions: [ACT-DEVELOPMENT-PLANS]

            """##
        ),
        (
            "ruleset.yaml",
            ##"""
            # Victorian AOD peer workforce readiness: the rule set's identity, scoring, parameters and domains.
            # Sources:
            #   [S] Strategy for the alcohol and other drug peer workforce in Victoria (vision and key practices)
            #   [M] Peer work in an AOD team, Project Hope & Thrive (the peer-work model and the cadetship)
            ruleset:
              id: vic-aod-peer-workforce
              version: 1.2.0
              title: Victorian AOD peer workforce readiness
              source: >-
                Strategy for the alcohol and other drug peer workforce in Victoria; Peer work in an AOD team
                (Project Hope & Thrive)
              description: >-
                Whether an alcohol-and-other-drug service is ready to employ, support and sustain peer
                workers: people who bring lived experience of substance use into their work.
              bands:
                - {min: 0, label: Emerging}
                - {min: 40, label: Developing}
                - {min: 60, label: Established}
                - {min: 80, label: Embedded}
              compliance: {min_score: 60}
              scoring: {unknown: zero}
              phases: [0-3 months, 3-6 months, 6-12 months, 12+ months]

            parameters:
              max_supervision_interval_days:
                type: int
                default: 30
                unit: days
                min: 1
                max: 365
                description: >-
                  The longest time between a peer worker's discipline-specific supervision sessions. No
                  authoritative frequency exists: guidance says supervision frequency "may vary" with role
                  and experience. The default of monthly is a common practice, not a standard; funders
                  should set their own in a tailoring.
                source: No authoritative figure; monthly as a common practice (set by tailoring).
              min_training_hours:
                type: number
                default: 46
                unit: hours
                min: 0
                description: Discipline-specific peer training each peer worker should have completed.
                source: IC&RC Peer Recovery credential, 46 hours of training.
              min_supervised_hours:
                type: number
                default: 25
                unit: hours
                min: 0
                description: Hours of discipline-specific supervision a new peer worker should have received.
                source: IC&RC Peer Recovery credential, 25 hours of supervision.
              competency_target:
                type: number
                default: 1.0
                min: 0.1
                max: 1.0
                description: >-
                  The share of the 12 SAMHSA peer competency categories the peer team should cover between
                  them for full credit.
                source: SAMHSA Core Competencies for Peer Workers (12 categories).
              max_review_age_days:
                type: int
                default: 365
                unit: days
                min: 30
                description: >-
                  How old a communication strategy or an evaluation may be before it counts as out of date.
                  No authoritative figure; yearly review is common governance practice.
                source: No authoritative figure; annual review as common practice (set by tailoring).
              min_peer_fte:
                type: number
                default: 1.0
                unit: FTE
                min: 0.1
                description: >-
                  The least total paid peer work, in full-time equivalents. No authoritative figure exists;
                  one FTE is taken as the smallest peer workforce that can share supervision, cover leave
                  and sustain the role. Funders should set their own in a tailoring.
                source: No authoritative figure; one FTE as a minimum sustainable team (set by tailoring).
              min_budget_share:
                type: number
                default: 2.0
                unit: percent
                min: 0.1
                max: 100
                description: >-
                  The share of the workforce budget spent on peer work that earns full credit. No
                  authoritative figure exists; the default is a placeholder for a funder's own target, and
                  smaller shares earn proportional credit.
                source: No authoritative figure; a funder's target (set by tailoring).
              cadetship_orientation_weeks:
                type: int
                default: 6
                unit: weeks
                min: 1
                description: The length of the cadetship's orientation.
                source: "[M] a 6-week orientation at the start of the cadetship."
              cadetship_placement_days:
                type: number
                default: 2
                unit: days per week
                min: 0
                description: Paid placement days a week for a cadet.
                source: Victorian AOD peer cadetship, two paid placement days and one study day a week.
              cadetship_study_days:
                type: number
                default: 1
                unit: days per week
                min: 0
                description: Study days a week for a cadet.
                source: Victorian AOD peer cadetship, two paid placement days and one study day a week.
              cadetship_min_rotations:
                type: int
                default: 2
                min: 1
                description: Programs a cadet rotates through, so the placement spans more than one program.
                source: "[M] rotation across programs during the cadetship."

            domains:
              - id: discipline
                title: Peer work as a discipline
                weight: 2
                description: >-
                  Peer work is understood, valued and recognised as its own professional discipline, in how
                  roles are written and graded. [S]
              - id: readiness
                title: Organisational readiness
                weight: 3
                description: The organisation is educated and prepared to introduce and sustain peer work. [S]
              - id: training
                title: Peer worker training and development
                weight: 3
                description: >-
                  Peer workers receive consistent, discipline-specific training and professional development.
                  [S]
              - id: supervision
                title: Supervision
                weight: 3
                description: >-
                  Regular, discipline-specific supervision as part of employment, under a peer supervision
                  model. [S]
              - id: competencies
                title: Core competencies and practice guidelines
                weight: 2
                description: Core competencies and practice guidelines, developed with key stakeholders. [S]
              - id: resourcing
                title: Resourcing
                weight: 3
                description: Adequate resources for the growth and sustainability of the peer workforce. [S]
              - id: service_design
                title: Peer work in service design
                weight: 2
                description: Peer work is an integrated, embedded part of service design. [S] [M]
              - id: systems
                title: Systems and reporting
                weight: 2
                description: Peer work is reflected in organisational systems and reporting. [S]
              - id: communication
                title: Communication
                weight: 1
                description: Peer work is promoted through a communication strategy. [S]
              - id: evaluation
                title: Evaluation and dissemination
                weight: 2
                description: >-
                  Peer activities are evaluated and outcomes shared with consumers and the sector. [S]
              - id: networking
                title: Community of practice and networking
                weight: 1
                description: Peer workers have a community of practice and networking opportunities. [S]
              - id: cadetship
                title: Peer cadetship
                weight: 1
                description: A structured pathway into peer work, as the AOD peer cadetship shows. [M]

            """##
        ),
        (
            "schema.yaml",
            ##"""
            # The organisation profile: every field a rule reads. `readiness template` prints a fill-in
            # profile from this file. Fields not marked `required` may be left out or set to `~` (not
            # known): the rules that need them then report `unknown` and list the data to collect.
            schema:
              staff:
                total: {type: int, required: true, min: 0, description: Staff employed by the service (head count).}
                readiness_trained: {type: int, min: 0, description: Staff who completed organisational readiness training for peer work.}
                managers_trained: {type: bool, description: Every manager and team leader has completed the readiness training.}
                peer_role_understanding:
                  type: int
                  min: 1
                  max: 3
                  label: Staff understanding of the peer role (1 poorly, 2 partly, 3 well)
                  description: >-
                    How well non-peer staff understand the peer role, from a staff survey or the
                    assessor's judgement: 1 poorly, 2 partly, 3 well.
              discipline:
                position_descriptions: {type: bool, label: Position descriptions name the peer discipline, description: "Peer position descriptions name peer work as a discipline of its own, with its values (not as an assistant to another discipline)."}
                lived_experience_essential: {type: bool, label: Lived experience an essential criterion, description: Lived experience of substance use is an essential (not merely desirable) selection criterion for peer roles.}
                own_classification: {type: bool, label: Peer roles have their own classification, description: Peer roles are graded under a classification of their own (not borrowed from another discipline).}
                career_path: {type: bool, label: A career path for peer workers, description: "Peer workers have a career path: senior, lead and supervisory peer roles they can progress to."}
              readiness:
                training_program: {type: bool, description: The organisation runs (or buys) readiness training for peer work.}
                leadership_endorsement: {type: bool, description: The board or executive has endorsed a peer workforce plan.}
                peer_led_design: {type: bool, description: Peer workers led or co-led the organisation's peer workforce initiatives.}
              peer_workers:
                type: list
                required: true
                item_label: name
                item_name: peer worker
                description: >-
                  Everyone employed in a peer role, one entry each (leave the list empty if there are none).
                items:
                  name: {type: string, required: true, description: A name or an anonymous code.}
                  fte: {type: number, min: 0, max: 1.5, unit: FTE, description: Paid hours as a share of full time.}
                  paid: {type: bool, description: The role is a paid position (not voluntary).}
                  training_hours: {type: number, min: 0, unit: hours, description: Discipline-specific peer work training completed.}
                  development_plan: {type: bool, description: Has a current professional development plan.}
                  development_last_year: {type: bool, description: Took part in professional development in the last 12 months.}
                  competencies:
                    type: list
                    description: SAMHSA peer competency categories this worker is trained and assessed in.
                    items:
                      type: string
                      values:
                        - engagement
                        - support
                        - lived_experience
                        - personalised_support
                        - recovery_planning
                        - linking_resources
                        - wellness_information
                        - crisis_support
                        - communication
                        - collaboration
                        - advocacy
                        - growth_development
                  supervision:
                    discipline_specific: {type: bool, description: Supervised by someone who understands peer work as a discipline.}
                    interval_days: {type: int, min: 1, unit: days, description: "Days between supervision sessions, in practice."}
                    hours_received: {type: number, min: 0, unit: hours, description: Supervision hours received so far in the role.}
                    in_employment_terms: {type: bool, description: Supervision is part of the employment agreement.}
                  community_of_practice: {type: bool, description: Takes part in a peer community of practice.}
              supervision:
                model_documented: {type: bool, description: A written peer supervision model exists.}
                model_developed_with_peers: {type: bool, description: Peer workers helped develop the supervision model.}
                peer_supervisor: {type: bool, description: A peer supervisor (a peer worker trained to supervise) is available.}
              competencies:
                framework_adopted: {type: bool, description: A core competency framework for peer workers is adopted.}
                practice_guidelines: {type: bool, description: Written practice guidelines for peer work exist.}
                developed_with_stakeholders: {type: bool, label: Developed with peer workers and other stakeholders, description: "The competencies and guidelines were developed in consultation with peer workers, consumers and other stakeholders."}
                mutuality_and_role_integrity: {type: bool, label: Guidelines state mutuality and role integrity, description: The practice guidelines state mutuality (shared power and expertise in peer relationships) and protect the integrity of the peer role from drift into other roles.}
              resourcing:
                paid_positions: {type: int, min: 0, description: "Funded, paid peer positions (filled or vacant)."}
                dedicated_budget: {type: bool, description: Peer work has its own line in the budget.}
                budget_share: {type: number, min: 0, max: 100, unit: percent, description: Peer workforce spending as a percentage of the workforce budget.}
                central_resource_access: {type: bool, label: Uses the central peer workforce resource, description: "The service uses a central peer workforce development resource (sector-wide training, tools, advice)."}
                multi_year_funding: {type: bool, description: Peer positions are funded beyond the current year.}
              service_design:
                welcome_sessions: {type: string, values: [none, staff_run, peer_run], description: Who runs welcome sessions for new participants.}
                group_check_ins: {type: string, values: [none, staff_led, peer_led], description: Who leads group check-ins with feedback.}
                psychoeducation_groups: {type: string, values: [none, staff_led, peer_led], description: Who leads psychoeducation groups.}
                art_groups: {type: string, values: [none, staff_led, peer_led], description: Who leads art groups.}
                peers_in_planning: {type: bool, description: Peer workers take part in service planning and design.}
              systems:
                activity_data: {type: bool, description: Peer workforce activity is recorded in the organisation's systems.}
                outcome_data: {type: bool, description: Outcomes of peer work are recorded.}
                in_reporting: {type: bool, description: Peer activity and outcome data go into departmental (funder) reporting.}
              communication:
                strategy: {type: bool, description: A communication strategy promotes peer work inside and outside the organisation.}
                strategy_reviewed: {type: date, description: When the communication strategy was last reviewed.}
              evaluation:
                activities_evaluated: {type: bool, description: Peer work activities are evaluated.}
                last_evaluation: {type: date, description: When peer work was last evaluated.}
                shared_with_consumers: {type: bool, description: Evaluation outcomes are documented and shared with consumers.}
                shared_with_sector: {type: bool, description: Evaluation outcomes are shared with the wider sector.}
              networking:
                external_networks: {type: bool, description: Peer workers can join sector networks and events in paid time.}
              cadetship:
                offered: {type: bool, required: true, description: The service hosts peer cadets (false if not).}
                orientation_weeks: {type: int, min: 0, unit: weeks, description: Length of the cadets' orientation.}
                rotation_programs: {type: int, min: 0, description: Programs a cadet rotates through.}
                administrative_processes: {type: bool, description: Cadets learn the service's administrative processes.}
                co_design_group: {type: bool, description: Cadets co-design and facilitate a group.}
                paid_placement: {type: bool, description: Cadet placement days are paid.}
                placement_days_per_week: {type: number, min: 0, max: 5, unit: days, description: Placement days a week.}
                study_days_per_week: {type: number, min: 0, max: 5, unit: days, description: Study days a week.}
                navigation_sessions: {type: string, values: [none, observe, observe_and_participate], label: Cadets in navigation sessions, description: "Whether cadets observe navigation sessions, and then take part in them."}
                case_note_writing: {type: bool, label: Cadets observe case-note writing, description: Cadets observe how case notes are written.}
                mentored: {type: bool, label: Cadets are mentored on placement, description: Each cadet has a mentor on placement.}
                transition_to_work: {type: bool, label: A path into paid work when placements end, description: "When placements end, cadets are work-ready and the service helps them into paid peer roles (its own or others')."}

            # Answers that cannot all be true together: a profile that breaks one is rejected when it is
            # read, at the field named by `at`, with the message below.
            constraints:
              - require: staff.readiness_trained <= staff.total
                at: staff.readiness_trained
                message: More staff have completed readiness training than the service employs.
              - require: w.fte > 0.0 || !w.paid
                each: peer_workers
                as: w
                at: fte
                message: A paid peer position has no paid hours (FTE 0).
              - require: communication.strategy_reviewed <= as_of
                at: communication.strategy_reviewed
                message: The communication strategy's last review is after the assessment date.
              - require: evaluation.last_evaluation <= as_of
                at: evaluation.last_evaluation
                message: The last evaluation is after the assessment date.
              - require: cadetship.placement_days_per_week + cadetship.study_days_per_week <= 7.0
                at: cadetship.study_days_per_week
                message: Placement and study days add up to more than the days in a week.

            """##
        ),
    ]
}
