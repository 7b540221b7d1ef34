-- test/bench/provenance_layer.sql: one layer of flows for
-- provenance_generate.sql (which see).  Variables: cl (child layer),
-- pl (parent layer), pn (lots in it), po (id offset), d (inputs per
-- child), need (inputs' kg per kg of the child).  Slot c * d + j of child
-- c takes parent (slot * 1000003) mod pn: distinct parents per child, and
-- every parent used when d * children >= pn.
INSERT INTO rt_pb.edge
WITH ce AS (
    SELECT c.id AS child, c.mass,
           :po + 1 + ((c.idx::bigint * :d + j) * 1000003) % :pn AS parent,
           rt_pb.r((c.id::bigint * 8 + j) * 64 + 12) AS w
    FROM rt_pb.node AS c, generate_series(0, :d - 1) AS j
    WHERE c.layer = :cl
)
SELECT parent, child,
       greatest(round(mass * (:need) * ((0.5 + w) / sum(0.5 + w) OVER (PARTITION BY child))::numeric, 3), 0.001)
FROM ce;
UPDATE rt_pb.node AS n
SET mass = round(o.out_kg * (1.01 + 0.09 * rt_pb.r(n.id::bigint * 64 + 5))::numeric, 3)
FROM (SELECT e.parent, sum(e.kg) AS out_kg
      FROM rt_pb.edge AS e JOIN rt_pb.node AS c ON c.id = e.child
      WHERE c.layer = :cl GROUP BY e.parent) AS o
WHERE n.layer = :pl AND o.parent = n.id;
