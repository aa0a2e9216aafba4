//! `content/records/records.csv`: figures of what the cooperation did, [`PER_COUNTY`] for each
//! county (转移就业 of the county, 财政帮扶资金 of its pairing, a year each from 2021), so that
//! every scale has records on every county, district, pair and home page. Made-up numbers from
//! their own PRNG stream, so adding them changed nothing else the generator writes.

use std::io::{self, Write};

use crate::model::Site;
use crate::rng::Rng;
use crate::text::AREAS;

/// Records written for each county.
pub const PER_COUNTY: usize = 10;

/// The years figures are given for: `PER_COUNTY / 2` from 2021.
const FIRST_YEAR: usize = 2021;

pub fn write(w: &mut dyn Write, site: &Site, seed: u64) -> io::Result<()> {
    let network = &site.network;
    let mut rng = Rng::new(seed ^ 0x0072_6563_6f72_6473);
    w.write_all("\u{feff}unit,east,west,area,date,metric,value,measure\n".as_bytes())?;
    for &county in &network.counties {
        let unit = &network.unit(county).slug;
        let district = network.partners[county].first().copied();
        for i in 0..PER_COUNTY / 2 {
            let year = FIRST_YEAR + i;
            let people = rng.range(50, 3000);
            writeln!(w, "{unit},,,{},{year},转移就业,{people},人", AREAS[0])?;
            let tenths = rng.range(100, 50_000);
            let funds = format!("{}.{}", tenths / 10, tenths % 10);
            match district {
                Some(d) => writeln!(
                    w,
                    ",{},{unit},{},{year},财政帮扶资金,{funds},万元",
                    network.unit(d).slug,
                    AREAS[1]
                )?,
                None => writeln!(w, "{unit},,,{},{year},财政帮扶资金,{funds},万元", AREAS[1])?,
            }
        }
    }
    Ok(())
}
