-- A small legacy clinic database (synthetic): the kind of schema an old practice-management system leaves behind.
-- Portable SQL (MariaDB, PostgreSQL, H2). Every name, date and number is invented.
-- Statements end with a semicolon at the end of a line; tests split on that.

CREATE TABLE patients (
  patient_id   INT          NOT NULL PRIMARY KEY,
  chart_no     VARCHAR(12)  NOT NULL,
  last_name    VARCHAR(40)  NOT NULL,
  first_name   VARCHAR(40),
  middle_init  CHAR(1),
  dob          DATE,
  sex          CHAR(1),
  phone_home   VARCHAR(20),
  street       VARCHAR(80),
  city         VARCHAR(40),
  state        CHAR(2),
  zip          VARCHAR(10),
  legacy_ref   VARCHAR(20)
);

CREATE TABLE visits (
  visit_id     INT          NOT NULL PRIMARY KEY,
  patient_id   INT          NOT NULL,
  visit_date   DATE         NOT NULL,
  provider     VARCHAR(40),
  reason       VARCHAR(120)
);

CREATE TABLE problems (
  problem_id   INT          NOT NULL PRIMARY KEY,
  patient_id   INT          NOT NULL,
  icd9_code    VARCHAR(10),
  description  VARCHAR(120),
  onset_date   DATE,
  status       VARCHAR(10)
);

CREATE TABLE meds (
  med_id       INT          NOT NULL PRIMARY KEY,
  patient_id   INT          NOT NULL,
  drug_name    VARCHAR(80)  NOT NULL,
  ndc          VARCHAR(14),
  sig          VARCHAR(120),
  start_date   DATE,
  stop_date    DATE
);

INSERT INTO patients VALUES
  (1001, 'C-0001', 'Testperson', 'Alice', 'M', '1980-02-14', 'F', '555-0100', '12 Elm St', 'Springfield', 'IL', '62701', 'OLD-17'),
  (1002, 'C-0002', 'Sampleton', 'Bob', NULL, '1975-11-30', 'M', '555-0102', '9 Oak Ave', 'Capital City', 'IL', '62702', 'OLD-18'),
  (1003, 'C-0003', 'Fictitious-Jones', 'Carmen', 'R', '2001-07-05', 'F', NULL, '40 Pine Rd', 'Shelbyville', 'IL', '62565', NULL),
  (1004, 'C-0004', 'Placeholder', 'Dmitri', NULL, '1962-01-01', 'M', '555-0104', NULL, NULL, NULL, NULL, 'OLD-20'),
  (1005, 'C-0005', 'Examplar', 'Erin', 'J', '1993-05-17', 'F', '555-0105', '3 Birch Ct', 'Springfield', 'IL', '62704', 'OLD-21'),
  (1006, 'C-0006', 'Müller', 'Zoë', NULL, '1990-01-01', 'F', '555-0106', '8 Lindenweg', 'Springfield', 'IL', '62701', 'OLD-22'),
  (1007, 'C-0007', 'Nodob', 'Frank', NULL, NULL, 'U', NULL, NULL, NULL, NULL, NULL, 'OLD-23'),
  (1010, 'C-0010', 'Gapafter', 'Greta', 'L', '1970-07-07', 'F', '555-0110', '1 Main St', 'Springfield', 'IL', '62701', NULL);

INSERT INTO visits VALUES
  (1, 1001, '2023-01-10', 'Dr Demo', 'Annual physical'),
  (2, 1001, '2023-06-02', 'Dr Demo', 'Follow-up blood pressure'),
  (3, 1002, '2023-02-11', 'Dr Sample', 'Cough'),
  (4, 1003, '2023-03-15', 'Dr Demo', 'Sports physical'),
  (5, 1005, '2023-04-20', 'Dr Sample', 'Rash'),
  (6, 1006, '2023-05-05', 'Dr Demo', 'Vaccination');

INSERT INTO problems VALUES
  (1, 1001, '401.9', 'Essential hypertension', '2019-05-01', 'active'),
  (2, 1002, '493.90', 'Asthma, unspecified', '1990-01-01', 'active'),
  (3, 1004, '250.00', 'Diabetes mellitus type 2', '2010-03-12', 'active'),
  (4, 1005, '692.9', 'Contact dermatitis', '2023-04-20', 'resolved');

INSERT INTO meds VALUES
  (1, 1001, 'Lisinopril 10 mg tablet', '00000-0000-01', '1 tab by mouth daily', '2019-05-01', NULL),
  (2, 1002, 'Albuterol HFA inhaler', '00000-0000-02', '2 puffs every 4 h as needed', '2015-01-01', NULL),
  (3, 1004, 'Metformin 500 mg tablet', '00000-0000-03', '1 tab twice daily', '2010-03-12', NULL),
  (4, 1005, 'Hydrocortisone 1% cream', '00000-0000-04', 'apply twice daily', '2023-04-20', '2023-05-04');
